package dev.recall.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.recall.RecallClient;
import dev.recall.codec.Codec;
import dev.recall.codec.Codecs;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionSpec;
import dev.recall.testkit.RedisServer;
import dev.recall.testkit.RedisServerExtension;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link FunctionSpec} forms of {@code memoize(spec, Supplier)} and {@code memoizeCallable(spec, Callable)}:
 * they cache under the spec's name, through the spec's codec, only when the spec's condition holds, and a
 * callable's checked exceptions reach the caller unchanged and uncached.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"lettuce", "jedis"})
@ExtendWith(RedisServerExtension.class)
class FunctionSpecMemoizeTest {
  private final String driver;
  private RecallClient client;
  private FunctionCache cache;
  private final AtomicInteger calls = new AtomicInteger();

  FunctionSpecMemoizeTest(String driver) {
    this.driver = driver;
  }

  /** Delegates to a codec and counts its uses, to show which codec a memoized function goes through. */
  static final class CountingCodec<T> implements Codec<T> {
    private final Codec<T> delegate;
    final AtomicInteger encodes = new AtomicInteger();
    final AtomicInteger decodes = new AtomicInteger();

    CountingCodec(Codec<T> delegate) {
      this.delegate = delegate;
    }

    @Override
    public byte[] encode(T value) {
      encodes.incrementAndGet();
      return delegate.encode(value);
    }

    @Override
    public T decode(byte[] bytes) {
      decodes.incrementAndGet();
      return delegate.decode(bytes);
    }

    @Override
    public String typeName() {
      return delegate.typeName();
    }
  }

  @BeforeEach
  void connect(RedisServer server) {
    client = Drivers.connect(server, driver);
    cache = client.functionCache("specs");
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void supplier_computesOnce_underTheSpecsName_throughTheSpecsCodec() {
    CountingCodec<String> codec = new CountingCodec<>(Codecs.string());
    Supplier<String> greeting = cache.memoize(FunctionSpec.builder("greeting", codec).build(), () -> {
      calls.incrementAndGet();
      return "hello";
    });
    for (int i = 0; i < 3; i++) {
      assertThat(greeting.get()).isEqualTo("hello");
    }
    assertThat(calls).hasValue(1);
    assertThat(codec.encodes).as("the one store").hasValue(1);
    assertThat(codec.decodes).as("the two hits").hasValue(2);
    assertThat(cache.stats().hits()).isEqualTo(2);

    assertThat(cache.invalidate("greeting")).as("the entry is the spec's name's").isTrue();
    assertThat(greeting.get()).isEqualTo("hello");
    assertThat(calls).hasValue(2);
  }

  @Test
  void supplier_isCachedOnlyWhileTheSpecsConditionHolds() {
    AtomicBoolean cacheable = new AtomicBoolean(false);
    Supplier<Integer> next = cache.memoize(FunctionSpec.builder("next", Integer.class)
        .cacheIf(args -> args.isEmpty() && cacheable.get()).build(), calls::incrementAndGet);
    assertThat(next.get()).isEqualTo(1);
    assertThat(next.get()).isEqualTo(2);
    assertThat(cache.size()).as("nothing stored while the condition is false").isZero();
    assertThat(cache.stats().misses()).as("nor read").isZero();
    cacheable.set(true);
    assertThat(next.get()).isEqualTo(3);
    assertThat(next.get()).isEqualTo(3);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void callable_cachesResults_butNotCheckedExceptions_throughTheSpecsGenericType() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    IOException unreachable = new IOException("unreachable");
    Callable<List<Long>> load = cache.memoizeCallable(
        FunctionSpec.builder("load", new TypeReference<List<Long>>() { }).build(), () -> {
          calls.incrementAndGet();
          if (failing.get()) {
            throw unreachable;
          }
          return List.of(1L, 2L, 3L);
        });
    assertThatThrownBy(load::call).isSameAs(unreachable);
    assertThat(cache.size()).as("an exception is not cached").isZero();
    failing.set(false);
    assertThat(load.call()).containsExactly(1L, 2L, 3L);
    // Small numbers in JSON read back as Integer unless the type says otherwise: the spec's generic type did.
    List<Long> hit = load.call();
    assertThat(hit).containsExactly(1L, 2L, 3L);
    assertThat(hit).allSatisfy(n -> assertThat((Object) n).isInstanceOf(Long.class));
    assertThat(calls).hasValue(2);
    assertThat(cache.stats().hits()).isEqualTo(1);
  }

  @Test
  void callable_isCachedOnlyWhileTheSpecsConditionHolds() throws Exception {
    AtomicBoolean cacheable = new AtomicBoolean(false);
    Callable<Integer> next = cache.memoizeCallable(FunctionSpec.builder("next-callable", Integer.class)
        .cacheIf(args -> cacheable.get()).build(), calls::incrementAndGet);
    assertThat(next.call()).isEqualTo(1);
    assertThat(next.call()).isEqualTo(2);
    assertThat(cache.size()).isZero();
    cacheable.set(true);
    assertThat(next.call()).isEqualTo(3);
    assertThat(next.call()).isEqualTo(3);
    assertThat(cache.stats().hits()).isEqualTo(1);
  }
}
