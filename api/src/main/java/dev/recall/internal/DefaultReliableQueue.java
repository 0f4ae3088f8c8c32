package dev.recall.internal;

import dev.recall.spi.CommandArgs;
import dev.recall.QueueEmptyException;
import dev.recall.codec.Codec;
import dev.recall.queue.AsyncReliableQueue;
import dev.recall.queue.Delivery;
import dev.recall.queue.ReliableQueue;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ReliableQueue}: takes move the head of the queue to the head of this consumer's processing list in
 * one command, so an item is always in exactly one of the two lists. On a Redis Cluster both lists carry the
 * queue's name as hash tag ({@code {name}} and {@code {name}:processing:<consumer>}), so that one command may
 * touch both; on a single server they are {@code name} and {@code name:processing:<consumer>}.
 */
final class DefaultReliableQueue<E> implements ReliableQueue<E> {
  private final CommandExecutor executor;
  private final String name;
  private final String consumer;
  private final String keyName;
  private final byte[] key;
  private final byte[] processing;
  private final Codec<E> codec;
  private final AsyncReliableQueue<E> async = new Async();

  DefaultReliableQueue(CommandExecutor executor, String name, String consumer, Codec<E> codec, boolean cluster) {
    this.executor = executor;
    this.name = name;
    this.consumer = checkConsumer(consumer);
    this.keyName = HashTags.tag("", name, "a queue name", cluster);
    this.key = CommandArgs.utf8(keyName);
    this.processing = processingKey(consumer);
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String consumer() {
    return consumer;
  }

  @Override
  public void put(E item) {
    executor.execute(putCommand(item));
  }

  @Override
  public Optional<Delivery<E>> get(Duration timeout) {
    return deliver(executor.execute(RedisCommands.blmove(key, processing, ListEnd.LEFT, ListEnd.LEFT, timeout)));
  }

  @Override
  public Delivery<E> getNowait() {
    return deliver(executor.execute(moveCommand())).orElseThrow(() -> new QueueEmptyException(name));
  }

  @Override
  public boolean confirm(Delivery<E> delivery) {
    return executor.execute(confirmCommand(delivery)) > 0;
  }

  @Override
  public long unconfirmed() {
    return executor.execute(RedisCommands.llen(processing));
  }

  @Override
  public long requeueUnconfirmed() {
    return requeue(processing);
  }

  @Override
  public long requeueUnconfirmed(String consumer) {
    return requeue(processingKey(checkConsumer(consumer)));
  }

  @Override
  public long qsize() {
    return executor.execute(RedisCommands.llen(key));
  }

  @Override
  public AsyncReliableQueue<E> async() {
    return async;
  }

  @Override
  public String toString() {
    return "ReliableQueue[" + name + ", consumer=" + consumer + "]";
  }

  /**
   * Moves the newest unconfirmed item to the head of the queue until none is left, so the oldest ends up first;
   * each move is one atomic command, so a failure midway leaves every item in one list or the other.
   */
  private long requeue(byte[] from) {
    long moved = 0;
    while (executor.execute(RedisCommands.lmove(from, key, ListEnd.LEFT, ListEnd.LEFT)) != null) {
      moved++;
    }
    return moved;
  }

  private Command<Long> putCommand(E item) {
    byte[] encoded = codec.encode(Objects.requireNonNull(item, "item"));
    return RedisCommands.rpush(key, Limits.value("an item of queue '" + name + "'", encoded));
  }

  private Command<byte @Nullable []> moveCommand() {
    return RedisCommands.lmove(key, processing, ListEnd.LEFT, ListEnd.LEFT);
  }

  private Command<Long> confirmCommand(Delivery<E> delivery) {
    return RedisCommands.lrem(processing, 1, Objects.requireNonNull(delivery, "delivery").encoded());
  }

  /** Decodes a moved item; when it cannot be decoded it stays in the processing list, so it is not lost. */
  private Optional<Delivery<E>> deliver(byte @Nullable [] raw) {
    return raw == null ? Optional.empty()
        : Optional.of(new Delivery<>(Decoding.decode(codec, raw, "queue '" + name + "' (consumer '" + consumer
            + "'; the item stays in its processing list)"), raw));
  }

  private byte[] processingKey(String consumer) {
    return CommandArgs.utf8(keyName + ":processing:" + consumer);
  }

  private static String checkConsumer(String consumer) {
    Objects.requireNonNull(consumer, "consumer");
    if (consumer.isBlank()) {
      throw new IllegalArgumentException("a consumer name must not be blank, got '" + consumer + "'");
    }
    return Limits.name("consumer name", consumer);
  }

  private final class Async implements AsyncReliableQueue<E> {
    @Override
    public CompletableFuture<Void> put(E item) {
      return executor.executeAsync(putCommand(item)).thenApply(length -> null);
    }

    @Override
    public CompletableFuture<Optional<Delivery<E>>> get(Duration timeout) {
      return executor.executeAsync(RedisCommands.blmove(key, processing, ListEnd.LEFT, ListEnd.LEFT, timeout))
          .thenApply(DefaultReliableQueue.this::deliver);
    }

    @Override
    public CompletableFuture<Delivery<E>> getNowait() {
      return executor.executeAsync(moveCommand())
          .thenApply(raw -> deliver(raw).orElseThrow(() -> new QueueEmptyException(name)));
    }

    @Override
    public CompletableFuture<Boolean> confirm(Delivery<E> delivery) {
      return executor.executeAsync(confirmCommand(delivery)).thenApply(removed -> removed > 0);
    }

    @Override
    public CompletableFuture<Long> unconfirmed() {
      return executor.executeAsync(RedisCommands.llen(processing));
    }

    @Override
    public CompletableFuture<Long> requeueUnconfirmed() {
      return requeueFrom(0);
    }

    private CompletableFuture<Long> requeueFrom(long movedSoFar) {
      return executor.executeAsync(RedisCommands.lmove(processing, key, ListEnd.LEFT, ListEnd.LEFT))
          .thenCompose(moved -> moved == null ? CompletableFuture.completedFuture(movedSoFar)
              : requeueFrom(movedSoFar + 1));
    }

    @Override
    public CompletableFuture<Long> qsize() {
      return executor.executeAsync(RedisCommands.llen(key));
    }
  }
}
