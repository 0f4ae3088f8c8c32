package dev.recall.internal;

import dev.recall.spi.CommandArgs;
import dev.recall.QueueEmptyException;
import dev.recall.RecallConnectionException;
import dev.recall.codec.Codec;
import dev.recall.queue.AsyncRecallQueue;
import dev.recall.queue.RecallQueue;
import dev.recall.spi.CommandExecutor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** The {@link RecallQueue}: RPUSH to put, BLPOP/LPOP to take; its async view builds the same commands. */
final class DefaultRecallQueue<E> implements RecallQueue<E> {
  /** How long one server-side wait of an unbounded {@link #get()} lasts; short enough to notice an interrupt. */
  static final Duration WAIT_SLICE = Duration.ofSeconds(5);

  private final CommandExecutor executor;
  private final String name;
  private final byte[] key;
  private final Codec<E> codec;
  private final AsyncRecallQueue<E> async = new Async();

  /**
   * @param cluster whether the client is on a Redis Cluster: the list is then {@code {name}}, the key a
   *     {@link DefaultReliableQueue} of the same name uses there, so both kinds share one queue
   */
  DefaultRecallQueue(CommandExecutor executor, String name, Codec<E> codec, boolean cluster) {
    this.executor = executor;
    this.name = name;
    this.key = CommandArgs.utf8(HashTags.tag("", name, "a queue name", cluster));
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void put(E item) {
    executor.execute(RedisCommands.rpush(key, encode(item)));
  }

  @Override
  public E get() {
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        throw new RecallConnectionException("interrupted while waiting for an item of queue '" + name + "'", null);
      }
      Optional<E> item = get(WAIT_SLICE);
      if (item.isPresent()) {
        return item.get();
      }
    }
  }

  @Override
  public Optional<E> get(Duration timeout) {
    return decode(executor.execute(RedisCommands.blpop(key, timeout)));
  }

  @Override
  public E getNowait() {
    return decode(executor.execute(RedisCommands.lpop(key))).orElseThrow(() -> new QueueEmptyException(name));
  }

  @Override
  public long qsize() {
    return executor.execute(RedisCommands.llen(key));
  }

  @Override
  public AsyncRecallQueue<E> async() {
    return async;
  }

  @Override
  public String toString() {
    return "RecallQueue[" + name + "]";
  }

  private byte[] encode(E item) {
    return Limits.value("an item of queue '" + name + "'", codec.encode(Objects.requireNonNull(item, "item")));
  }

  private Optional<E> decode(byte @Nullable [] raw) {
    return raw == null ? Optional.empty() : Optional.of(Decoding.decode(codec, raw, "queue '" + name + "'"));
  }

  private final class Async implements AsyncRecallQueue<E> {
    @Override
    public CompletableFuture<Void> put(E item) {
      return executor.executeAsync(RedisCommands.rpush(key, encode(item))).thenApply(length -> null);
    }

    @Override
    public CompletableFuture<Optional<E>> get(Duration timeout) {
      return executor.executeAsync(RedisCommands.blpop(key, timeout)).thenApply(DefaultRecallQueue.this::decode);
    }

    @Override
    public CompletableFuture<E> getNowait() {
      return executor.executeAsync(RedisCommands.lpop(key)).thenApply(
          raw -> decode(raw).orElseThrow(() -> new QueueEmptyException(name)));
    }

    @Override
    public CompletableFuture<Long> qsize() {
      return executor.executeAsync(RedisCommands.llen(key));
    }

    @Override
    public CompletableFuture<Boolean> empty() {
      return qsize().thenApply(size -> size == 0);
    }
  }
}
