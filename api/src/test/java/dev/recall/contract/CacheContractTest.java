package dev.recall.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.AsyncCache;
import dev.recall.Cache;
import dev.recall.RecallClient;
import dev.recall.ValueConversionException;
import dev.recall.testkit.RedisTarget;
import dev.recall.testkit.RedisServerExtension;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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

  @Test
  void async_storesBytesAndNumbers_withAndWithoutTtl() {
    AsyncCache async = cache.async();
    byte[] bytes = {0, 1, (byte) 0xff};
    String raw = async.store(bytes).join();
    assertThat(cache.get(raw)).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes));
    assertThat(server.command("PTTL", raw)).as("no expiry").isEqualTo(-1L);
    String expiringBytes = async.store(bytes, Duration.ofMinutes(1)).join();
    assertThat(async.get(expiringBytes).join()).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes));
    assertThat((Long) server.command("PTTL", expiringBytes)).isBetween(1L, 60_000L);
    String expiringNumber = async.store(new BigDecimal("1E+3"), Duration.ofMinutes(1)).join();
    assertThat(server.command("GET", expiringNumber)).as("decimal text").isEqualTo("1000");
    assertThat((Long) server.command("PTTL", expiringNumber)).isBetween(1L, 60_000L);
    assertThat(UUID.fromString(raw).toString()).isEqualTo(raw);
    assertThat(List.of(raw, expiringBytes, expiringNumber)).doesNotHaveDuplicates();
  }

  @Test
  void async_getLong_getDouble_andConverter_matchTheBlockingForms() {
    AsyncCache async = cache.async();
    String big = async.store(Long.MAX_VALUE).join();
    String half = async.store(2.5).join();
    String text = async.store("a,b,c").join();
    String missing = UUID.randomUUID().toString();

    assertThat(async.getLong(big).join()).contains(Long.MAX_VALUE);
    assertThat(async.getDouble(half).join()).contains(2.5);
    assertThat(async.getDouble(big).join()).contains((double) Long.MAX_VALUE);
    assertThat(async.get(text, bytes -> new String(bytes, StandardCharsets.UTF_8).split(",").length).join())
        .contains(3);
    assertThat(async.getLong(missing).join()).isEmpty();
    assertThat(async.getDouble(missing).join()).isEmpty();
    assertThat(async.get(missing, bytes -> {
      throw new AssertionError("the converter must not run for a missing key");
    }).join()).isEmpty();

    assertThat(async.getLong(half)).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
        .havingCause().isInstanceOf(ValueConversionException.class).withMessageContaining(half)
        .withMessageContaining("long");
    assertThat(async.getDouble(text)).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
        .havingCause().isInstanceOf(ValueConversionException.class).withMessageContaining("double");
    assertThat(async.get(text, bytes -> null)).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
        .havingCause().isInstanceOf(ValueConversionException.class).withMessageContaining("returned null");
    IllegalStateException boom = new IllegalStateException("boom");
    assertThat(async.get(text, bytes -> {
      throw boom;
    })).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
        .isInstanceOf(ValueConversionException.class).havingCause().isSameAs(boom);
  }
}
