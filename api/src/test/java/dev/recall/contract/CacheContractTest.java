package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.Cache;
import dev.recall.RecallClient;
import dev.recall.ValueConversionException;
import dev.recall.testkit.RedisTarget;
import dev.recall.testkit.RedisServerExtension;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The plain {@link Cache}: store, get, convert, missing and unconvertible values, expiry, namespaces, async. Runs on
 * a single server; {@link CacheClusterContractTest} runs it on a cluster.
 */
@ExtendWith(RedisServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheContractTest {
  private RecallClient client;
  private Cache cache;
  private RedisTarget server;

  @BeforeAll
  void connect(RedisTarget server) {
    this.server = server;
    client = Clients.connect(server);
    cache = client.cache();
  }

  @AfterAll
  void close() {
    client.close();
  }

  @Test
  void store_returnsAFreshUuidKey_underWhichTheValueIsStored() {
    String first = cache.store("foo");
    String second = cache.store("foo");
    assertThat(UUID.fromString(first).toString()).isEqualTo(first);
    assertThat(second).isNotEqualTo(first);
    assertThat(server.command("GET", first)).isEqualTo("foo");
    assertThat(cache.getString(first)).contains("foo");
  }

  @Test
  void get_returnsRawBytes_forStringsBytesAndNumbers() {
    byte[] bytes = {1, 2, (byte) 0xfe};
    assertThat(cache.get(cache.store(bytes))).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes));
    assertThat(cache.get(cache.store("héllo"))).hasValueSatisfying(
        v -> assertThat(v).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8)));
    assertThat(cache.get(cache.store(42))).hasValueSatisfying(v -> assertThat(v).isEqualTo("42".getBytes()));
    assertThat(cache.getString(cache.store(new BigDecimal("1E+3")))).contains("1000");
    assertThat(cache.getDouble(cache.store(2.5))).contains(2.5);
    assertThat(cache.getLong(cache.store(Long.MAX_VALUE))).contains(Long.MAX_VALUE);
  }

  @Test
  void getInt_and_getString_convertStoredText() {
    assertThat(cache.getInt(cache.store(7))).contains(7);
    assertThat(cache.getInt(cache.store("-12"))).contains(-12);
    assertThat(cache.getString(cache.store(3))).contains("3");
  }

  @Test
  void get_withConverter_appliesIt() {
    String key = cache.store("a,b,c");
    assertThat(cache.get(key, bytes -> new String(bytes, StandardCharsets.UTF_8).split(",").length)).contains(3);
  }

  @Test
  void missingKey_isEmpty_forEveryRead_neverAnException() {
    String missing = UUID.randomUUID().toString();
    assertThat(cache.get(missing)).isEmpty();
    assertThat(cache.getString(missing)).isEmpty();
    assertThat(cache.getInt(missing)).isEmpty();
    assertThat(cache.getLong(missing)).isEmpty();
    assertThat(cache.getDouble(missing)).isEmpty();
    assertThat(cache.get(missing, bytes -> { throw new AssertionError("converter must not run"); })).isEmpty();
  }

  @Test
  void unconvertibleValue_isAValueConversionException_namingKeyAndTarget() {
    String key = cache.store("abc");
    assertThatThrownBy(() -> cache.getInt(key))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining(key)
        .hasMessageContaining("int")
        .hasMessageContaining("'abc'");
    assertThatThrownBy(() -> cache.getInt(cache.store(Long.MAX_VALUE))).isInstanceOf(ValueConversionException.class);
    assertThatThrownBy(() -> cache.getLong(cache.store("1.5"))).isInstanceOf(ValueConversionException.class);
    assertThatThrownBy(() -> cache.getDouble(cache.store("1.5x"))).isInstanceOf(ValueConversionException.class);
    String binary = cache.store(new byte[] {(byte) 0xc3, (byte) 0x28});
    assertThatThrownBy(() -> cache.getString(binary))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("String");
    assertThatThrownBy(() -> cache.get(key, bytes -> null))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("returned null");
    assertThatThrownBy(() -> cache.get(key, bytes -> { throw new IllegalStateException("boom"); }))
        .isInstanceOf(ValueConversionException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class);
    assertThat(cache.getString(key)).as("a failed conversion loses nothing").contains("abc");
  }

  @Test
  void ttl_expiresTheValue() throws InterruptedException {
    String key = cache.store("short", Duration.ofMillis(100));
    String kept = cache.store("long", Duration.ofMinutes(5));
    assertThat(cache.getString(key)).contains("short");
    Await.until(Duration.ofSeconds(5), () -> cache.getString(key).isEmpty(), () -> "the 100 ms entry to expire");
    assertThat(cache.getString(kept)).contains("long");
    assertThat((Long) server.command("PTTL", kept)).isGreaterThan(60_000L);
  }

  @Test
  void badInput_isRejectedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> cache.store((String) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.store("v", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 ms");
    assertThatThrownBy(() -> cache.store("v", Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.get("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(server.dbSize()).isZero();
  }

  @Test
  void delete_removesTheKey() {
    String key = cache.store("x");
    assertThat(cache.delete(key)).isTrue();
    assertThat(cache.delete(key)).isFalse();
    assertThat(cache.get(key)).isEmpty();
  }

  @Test
  void namespace_prefixesKeys_andSeparatesCaches() {
    Cache users = client.cache("users");
    String key = users.store("ada");
    assertThat(server.command("GET", "users:" + key)).isEqualTo("ada");
    assertThat(users.getString(key)).contains("ada");
    assertThat(cache.getString(key)).isEmpty();
    assertThatThrownBy(() -> client.cache(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void async_matchesTheBlockingForm() {
    String key = cache.async().store("async").join();
    assertThat(cache.async().getString(key).join()).contains("async");
    assertThat(cache.async().getInt(cache.async().store(5).join()).join()).contains(5);
    assertThat(cache.async().get(UUID.randomUUID().toString()).join()).isEmpty();
    assertThat(cache.async().getInt(key)).failsWithin(Duration.ofSeconds(5))
        .withThrowableThat().withCauseInstanceOf(ValueConversionException.class);
    String expiring = cache.async().store("e", Duration.ofMinutes(1)).join();
    assertThat((Long) server.command("PTTL", expiring)).isPositive();
    assertThat(cache.async().delete(key).join()).isTrue();
    assertThat(cache.async().get(key).join()).isEqualTo(Optional.empty());
  }
}
