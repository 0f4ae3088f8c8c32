package dev.recall.streams.internal;

import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.HandlerBinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The consumer's lifecycle, and the wiring of its parts: a {@link ChannelReader} brings each channel's entries (own
 * retries, reclaimed ones, new ones), a {@link BatchDispatcher} routes them ({@link MessageRouter}) to handlers in
 * the {@link HandlerPool} and has {@link Settlement} acknowledge, retry or dead-letter them. {@link #consumeOnce()}
 * runs one cycle per channel on the caller's thread; {@link #start()} runs cycles on one virtual thread per channel
 * until {@link #stop}.
 */
final class DefaultConsumer implements Consumer {
  private enum State { NEW, RUNNING, STOPPED }

  private final DefaultStreams streams;
  private final ConsumerConfig config;
  private final Map<String, ConsumerChannel> channels = new LinkedHashMap<>();
  private final StopSignal stop = new StopSignal();
  private final HandlerPool pool;
  private final ChannelReader reader;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final List<Thread> readers = new ArrayList<>();
  private final AtomicBoolean readerAbandoned = new AtomicBoolean();
  // A lock, not a monitor: consumeOnce holds it across reads, and a monitor would pin a virtual thread on JDK 21.
  private final ReentrantLock lifecycle = new ReentrantLock();

  DefaultConsumer(DefaultStreams streams, ConsumerConfig config) {
    this.streams = streams;
    this.config = config;
    for (HandlerBinding<?> binding : config.handlers()) {
      channels.computeIfAbsent(binding.channel(), ConsumerChannel::new).router.bind(binding);
    }
    ErrorReporter errors = new ErrorReporter(config.errorHandler());
    Settlement settlement = new Settlement(streams.executor(), config, stop, errors);
    this.pool = new HandlerPool(config, stop);
    this.reader = new ChannelReader(streams.executor(), config, stop,
        new BatchDispatcher(config, pool, settlement, errors), settlement, errors);
  }

  @Override
  public ConsumerConfig config() {
    return config;
  }

  @Override
  public int consumeOnce() {
    lifecycle.lock();
    try {
      if (state.get() != State.NEW) {
        throw new IllegalStateException(describe() + " is " + (state.get() == State.RUNNING
            ? "running in the background; consumeOnce cannot be mixed with start/run" : "stopped"));
      }
      int handled = 0;
      for (ConsumerChannel channel : channels.values()) {
        handled += reader.cycle(channel, config.blockTime());
      }
      return handled;
    } finally {
      lifecycle.unlock();
    }
  }

  @Override
  public void start() {
    lifecycle.lock();
    try {
      if (!state.compareAndSet(State.NEW, State.RUNNING)) {
        throw new IllegalStateException(describe() + " was already started or stopped; build a new one");
      }
      for (ConsumerChannel channel : channels.values()) {
        readers.add(Thread.ofVirtual().name("recall-stream-reader-" + channel.name)
            .start(() -> reader.readUntilStopped(channel)));
      }
    } finally {
      lifecycle.unlock();
    }
  }

  @Override
  public void run() {
    start();
    try {
      stop.await();
    } catch (InterruptedException e) {
      stop(config.shutdownTimeout());
      Thread.currentThread().interrupt();
      return;
    }
    try {
      terminated.await(); // stop() joins the readers first
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return state.get() == State.RUNNING && !stop.isRaised();
  }

  @Override
  public boolean stop(Duration deadline) {
    Objects.requireNonNull(deadline, "deadline");
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    stop.raise(deadlineNanos);
    lifecycle.lock();
    try {
      if (state.getAndSet(State.STOPPED) != State.STOPPED) {
        // A reader may be inside a blocking read for up to the block time before it sees the signal.
        long joinUntil = deadlineNanos + config.blockTime().toNanos() + TimeUnit.SECONDS.toNanos(2);
        for (Thread thread : readers) {
          long left = joinUntil - System.nanoTime();
          try {
            if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
              readerAbandoned.set(true);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            readerAbandoned.set(true);
            break;
          }
        }
        pool.shutdown();
      }
      terminated.countDown();
    } finally {
      lifecycle.unlock();
    }
    return !readerAbandoned.get() && !pool.abandonedAny();
  }

  @Override
  public void close() {
    stop(config.shutdownTimeout());
  }

  @Override
  public long cleanUp() {
    long deleted = 0;
    for (String channel : channels.keySet()) {
      deleted += streams.cleanUp(channel);
    }
    return deleted;
  }

  @Override
  public String toString() {
    return describe();
  }

  private String describe() {
    return "consumer '" + config.consumerName() + "' of group '" + config.group() + "' on " + channels.keySet();
  }
}
