package dev.recall.streams.internal;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.codec.Codecs;
import dev.recall.spi.Command;
import dev.recall.spi.CommandExecutor;
import dev.recall.stream.Consumer;
import dev.recall.stream.ConsumerConfig;
import dev.recall.stream.HandlerBinding;
import dev.recall.stream.Message;
import dev.recall.stream.MessageHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The consumer: per channel, a cycle of retrying own failed entries whose backoff passed, reclaiming abandoned
 * ones, reading new ones, running their handlers on virtual threads and acknowledging those that returned.
 * {@link #consumeOnce()} runs one cycle per channel; {@link #start()} runs cycles on one virtual thread per channel.
 */
final class DefaultConsumer implements Consumer {
  private static final int ACK_CHUNK = 1000;
  private static final int ACK_ATTEMPTS = 4;
  private static final long ACK_RETRY_PAUSE_MILLIS = 50;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long NEVER = Long.MAX_VALUE;

  private enum State { NEW, RUNNING, STOPPED }

  private final DefaultStreams streams;
  private final CommandExecutor executor;
  private final ConsumerConfig config;
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Semaphore permits;
  private final ExecutorService workers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("recall-stream-handler-", 0).factory());
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final List<Thread> readers = new ArrayList<>();
  private final AtomicBoolean abandoned = new AtomicBoolean();
  private final Object lifecycle = new Object();
  private volatile boolean stopping;
  private volatile long stopDeadline;

  DefaultConsumer(DefaultStreams streams, ConsumerConfig config) {
    this.streams = streams;
    this.executor = streams.executor();
    this.config = config;
    this.permits = new Semaphore(config.concurrency());
    for (HandlerBinding<?> binding : config.handlers()) {
      channels.computeIfAbsent(binding.channel(), Channel::new).bind(binding);
    }
  }

  @Override
  public ConsumerConfig config() {
    return config;
  }

  @Override
  public int consumeOnce() {
    synchronized (lifecycle) {
      if (state.get() != State.NEW) {
        throw new IllegalStateException(describe() + " is " + (state.get() == State.RUNNING
            ? "running in the background; consumeOnce cannot be mixed with start/run" : "stopped"));
      }
      int handled = 0;
      for (Channel channel : channels.values()) {
        handled += cycle(channel, config.blockTime());
      }
      return handled;
    }
  }

  @Override
  public void start() {
    synchronized (lifecycle) {
      if (!state.compareAndSet(State.NEW, State.RUNNING)) {
        throw new IllegalStateException(describe() + " was already started or stopped; build a new one");
      }
      for (Channel channel : channels.values()) {
        readers.add(Thread.ofVirtual().name("recall-stream-reader-" + channel.name).start(() -> loop(channel)));
      }
    }
  }

  @Override
  public void run() {
    start();
    try {
      stopSignal.await();
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
    return state.get() == State.RUNNING && !stopping;
  }

  @Override
  public boolean stop(Duration deadline) {
    Objects.requireNonNull(deadline, "deadline");
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    stopDeadline = deadlineNanos;
    stopping = true;
    stopSignal.countDown();
    synchronized (lifecycle) {
      if (state.getAndSet(State.STOPPED) != State.STOPPED) {
        // A reader may be inside a blocking read for up to the block time before it sees the flag.
        long joinUntil = deadlineNanos + config.blockTime().toNanos() + TimeUnit.SECONDS.toNanos(2);
        for (Thread reader : readers) {
          long left = joinUntil - System.nanoTime();
          try {
            if (left <= 0 || !reader.join(Duration.ofNanos(left))) {
              abandoned.set(true);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned.set(true);
            break;
          }
        }
        workers.shutdown();
      }
      terminated.countDown();
    }
    return !abandoned.get();
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

  // ---- the read loop ----

  private void loop(Channel channel) {
    long pauseMillis = 50;
    while (!stopping) {
      try {
        cycle(channel, blockFor(channel));
        pauseMillis = 50;
      } catch (Throwable e) {
        if (stopping) {
          break;
        }
        if (e instanceof RecallCommandException command && "NOGROUP".equals(command.errorCode())) {
          channel.groupReady = false; // the server lost the stream (a restart without persistence): recreate it
        }
        report(channel.name, null, e);
        try {
          // Back off while Redis is unreachable, waking at once on stop.
          if (stopSignal.await(pauseMillis, TimeUnit.MILLISECONDS)) {
            break;
          }
        } catch (InterruptedException interrupted) {
          break;
        }
        pauseMillis = Math.min(pauseMillis * 2, 2000);
      }
    }
  }

  private Duration blockFor(Channel channel) {
    long now = System.nanoTime();
    long until = Math.min(channel.nextRetryScan, channel.nextReclaim);
    long wait = until == NEVER ? config.blockTime().toNanos() : Math.min(config.blockTime().toNanos(), until - now);
    return Duration.ofNanos(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)));
  }

  /** One cycle on a channel: returns how many entries went to handlers or to the dead letters. */
  private int cycle(Channel channel, Duration block) {
    if (!channel.groupReady) {
      ensureGroup(channel);
    }
    int handled = 0;
    long now = System.nanoTime();
    if (now - channel.nextRetryScan >= 0 && channel.nextRetryScan != NEVER) {
      handled += retryOwnFailures(channel);
    }
    if (now - channel.nextReclaim >= 0) {
      handled += reclaim(channel);
    }
    if (stopping) {
      return handled;
    }
    return handled + process(channel, read(channel, block));
  }

  private void ensureGroup(Channel channel) {
    try {
      executor.execute(StreamCommands.xgroupCreate(channel.key, config.group(), config.startId(), true));
    } catch (RecallCommandException e) {
      if (!"BUSYGROUP".equals(e.errorCode())) {
        throw e;
      }
    }
    channel.groupReady = true;
  }

  private List<Delivery> read(Channel channel, Duration block) {
    List<Delivery> batch = new ArrayList<>();
    for (StreamEntry entry : executor.execute(StreamCommands.xreadgroup(config.group(), config.consumerName(),
        config.batchSize(), block, Map.of(channel.key, ">")))) {
      batch.add(new Delivery(entry, 1));
    }
    return batch;
  }

  /**
   * Delivers again this consumer's failed entries whose backoff has passed, and dead-letters those delivered the
   * maximum number of times (left so by a crash during their last delivery).
   */
  private int retryOwnFailures(Channel channel) {
    List<PendingEntry> own = executor.execute(StreamCommands.xpending(channel.key, config.group(), null, "-", "+",
        config.batchSize(), config.consumerName()));
    long now = System.nanoTime();
    long next = NEVER;
    int handled = 0;
    List<String> due = new ArrayList<>();
    Map<String, Long> deliveries = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (PendingEntry entry : own) {
      seen.add(entry.id());
      if (entry.deliveries() >= config.maxDeliveries()) {
        deadLetter(channel, entry.id(), channel.errorOf(entry.id(), entry.deliveries()), entry.deliveries());
        handled++;
        continue;
      }
      long waitMillis = config.backoffAfter(entry.deliveries()).toMillis() - entry.idleMillis();
      if (waitMillis <= 0) {
        due.add(entry.id());
        deliveries.put(entry.id(), entry.deliveries());
      } else {
        next = Math.min(next, now + TimeUnit.MILLISECONDS.toNanos(waitMillis));
      }
    }
    if (own.size() < config.batchSize()) {
      channel.lastErrors.keySet().retainAll(seen); // the rest were reclaimed by others or acknowledged
    } else {
      next = Math.min(next, now + config.retryBackoff().toNanos());
    }
    channel.nextRetryScan = next;
    if (due.isEmpty()) {
      return handled;
    }
    // The minimum idle keeps us from taking back an entry another consumer has just claimed.
    List<StreamEntry> claimed = executor.execute(StreamCommands.xclaim(channel.key, config.group(),
        config.consumerName(), config.retryBackoff(), due));
    List<Delivery> batch = new ArrayList<>(claimed.size());
    for (StreamEntry entry : claimed) {
      config.metrics().retried(channel.name, config.group(), entry.id());
      batch.add(new Delivery(entry, deliveries.getOrDefault(entry.id(), 1L) + 1));
    }
    return handled + process(channel, batch);
  }

  /** Claims entries idle past the threshold with XAUTOCLAIM. */
  private int reclaim(Channel channel) {
    AutoClaimPage page = executor.execute(StreamCommands.xautoclaim(channel.key, config.group(),
        config.consumerName(), config.reclaimIdle(), channel.reclaimCursor, config.batchSize()));
    long now = System.nanoTime();
    channel.reclaimCursor = page.nextId();
    channel.nextReclaim = page.nextId().equals("0-0")
        ? now + Math.max(config.reclaimIdle().toNanos() / 2, TimeUnit.MILLISECONDS.toNanos(10)) : now;
    List<StreamEntry> entries = page.entries();
    if (entries.isEmpty()) {
      return 0;
    }
    config.metrics().reclaimed(channel.name, config.group(), entries.size());
    Map<String, Long> counts = new HashMap<>();
    for (PendingEntry pending : executor.execute(StreamCommands.xpending(channel.key, config.group(), null,
        entries.get(0).id(), entries.get(entries.size() - 1).id(), entries.size() + config.batchSize(),
        config.consumerName()))) {
      counts.put(pending.id(), pending.deliveries());
    }
    int handled = 0;
    List<Delivery> batch = new ArrayList<>(entries.size());
    for (StreamEntry entry : entries) {
      long deliveries = counts.getOrDefault(entry.id(), 2L); // claimed, so delivered at least twice
      if (deliveries > config.maxDeliveries()) {
        deadLetter(channel, entry.id(), channel.errorOf(entry.id(), deliveries - 1), deliveries - 1);
        handled++;
      } else {
        batch.add(new Delivery(entry, deliveries));
      }
    }
    return handled + process(channel, batch);
  }

  // ---- handling ----

  /** Runs the handlers of a batch concurrently, then acknowledges those that returned in one command. */
  private int process(Channel channel, List<Delivery> batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    config.metrics().delivered(channel.name, config.group(), batch.size());
    List<Task> tasks = new ArrayList<>(batch.size());
    int handled = 0;
    for (Delivery delivery : batch) {
      Invocation invocation;
      try {
        invocation = channel.prepare(delivery.entry);
      } catch (UndeliverableException e) {
        report(channel.name, delivery.entry.id(), e);
        deadLetter(channel, delivery.entry.id(), e.getMessage(), delivery.deliveries);
        handled++;
        continue;
      }
      try {
        permits.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break; // the rest stay pending
      }
      Task task = new Task(delivery, invocation);
      try {
        task.future = workers.submit(() -> run(channel, task));
      } catch (RuntimeException rejected) {
        permits.release();
        break; // shutting down: the rest stay pending
      }
      tasks.add(task);
      handled++;
    }
    awaitAll(tasks);
    List<String> succeeded = new ArrayList<>();
    for (Task task : tasks) {
      if (!task.abandoned && task.done && task.failure == null) {
        succeeded.add(task.delivery.entry.id());
      }
    }
    acknowledge(channel, succeeded);
    for (Task task : tasks) {
      Throwable failure = task.failure;
      if (!task.abandoned && task.done && failure != null) {
        onFailure(channel, task.delivery, failure);
      }
    }
    return handled;
  }

  private void run(Channel channel, Task task) {
    long start = System.nanoTime();
    try {
      task.invocation.invoke();
    } catch (Throwable e) {
      task.failure = e;
    } finally {
      task.done = true;
      permits.release();
      config.metrics().handlerLatency(channel.name, config.group(), task.invocation.message.name(),
          Duration.ofNanos(System.nanoTime() - start), task.failure == null);
    }
  }

  /** Waits for the tasks; once stopping and past the deadline, interrupts the rest and leaves them pending. */
  private void awaitAll(List<Task> tasks) {
    for (Task task : tasks) {
      Future<?> future = Objects.requireNonNull(task.future);
      while (!future.isDone()) {
        long slice = POLL_NANOS;
        if (stopping) {
          long left = stopDeadline - System.nanoTime();
          if (left <= 0) {
            abandonUnfinished(tasks);
            return;
          }
          slice = Math.min(slice, left);
        }
        try {
          future.get(slice, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException | CancellationException e) {
          // loop: checks again for completion and for the deadline
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          abandonUnfinished(tasks);
          return;
        }
      }
    }
  }

  private void abandonUnfinished(List<Task> tasks) {
    for (Task task : tasks) {
      if (Objects.requireNonNull(task.future).cancel(true) || !task.done) {
        task.abandoned = true;
        abandoned.set(true);
      }
    }
  }

  private void onFailure(Channel channel, Delivery delivery, Throwable failure) {
    String id = delivery.entry.id();
    report(channel.name, id, failure);
    String error = describe(failure);
    if (delivery.deliveries >= config.maxDeliveries()) {
      deadLetter(channel, id, error, delivery.deliveries);
      return;
    }
    channel.lastErrors.put(id, error);
    long due = System.nanoTime() + config.backoffAfter(delivery.deliveries).toNanos();
    if (channel.nextRetryScan == NEVER || due - channel.nextRetryScan < 0) {
      channel.nextRetryScan = due;
    }
  }

  private void acknowledge(Channel channel, List<String> ids) {
    for (int from = 0; from < ids.size(); from += ACK_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + ACK_CHUNK));
      if (!config.deleteAcknowledged()) {
        executeIdempotent(StreamCommands.xack(channel.key, config.group(), chunk));
      } else {
        List<byte[]> args = new ArrayList<>(chunk.size() + 1);
        args.add(StreamCommands.utf8(config.group()));
        chunk.forEach(id -> args.add(StreamCommands.utf8(id)));
        executeIdempotent(StreamCommands.script(StreamScripts.ACK_DELETE, List.of(channel.key), args));
      }
      config.metrics().acknowledged(channel.name, config.group(), List.copyOf(chunk));
      chunk.forEach(channel.lastErrors::remove);
    }
  }

  /**
   * Runs a command that may safely run twice (acknowledging an entry again changes nothing), retrying a lost
   * connection or a timeout a few times: an acknowledgement lost to a server restart or to a connection that went
   * stale during one would otherwise have the whole batch handled again.
   */
  private void executeIdempotent(Command<?> command) {
    long pauseMillis = ACK_RETRY_PAUSE_MILLIS;
    for (int attempt = 1; ; attempt++) {
      try {
        executor.execute(command);
        return;
      } catch (RecallConnectionException e) {
        if (attempt >= ACK_ATTEMPTS || stopping) {
          throw e;
        }
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pauseMillis *= 2;
      }
    }
  }

  private void deadLetter(Channel channel, String id, String error, long deliveries) {
    executor.execute(StreamCommands.script(StreamScripts.DEAD_LETTER, List.of(channel.key, channel.deadKey), List.of(
        StreamCommands.utf8(config.group()), StreamCommands.utf8(id), StreamCommands.utf8(error),
        StreamCommands.utf8(Long.toString(deliveries)), StreamCommands.utf8(channel.name))));
    channel.lastErrors.remove(id);
    config.metrics().deadLettered(channel.name, config.group(), id);
  }

  private void report(String channel, @Nullable String id, Throwable error) {
    try {
      config.errorHandler().onError(channel, id, error);
    } catch (Throwable ignored) {
      // The error handler must not stop consumption; what it throws is dropped, as documented.
    }
  }

  private static String describe(Throwable failure) {
    String text = failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    return text.length() > 2000 ? text.substring(0, 2000) : text;
  }

  // ---- per-channel state ----

  /** A channel's keys, handlers and retry bookkeeping; touched by its reader only, except {@link #lastErrors}. */
  private final class Channel {
    final String name;
    final byte[] key;
    final byte[] deadKey;
    final Map<String, Route> byName = new HashMap<>();
    @Nullable Route fallback;
    final Map<String, String> lastErrors = new ConcurrentHashMap<>();
    volatile boolean groupReady;
    volatile long nextRetryScan = System.nanoTime(); // at start: pick up what an earlier run left pending
    volatile long nextReclaim = System.nanoTime();
    volatile String reclaimCursor = "0-0";

    Channel(String name) {
      this.name = name;
      this.key = StreamKeys.stream(name);
      this.deadKey = StreamKeys.deadLetters(name);
    }

    void bind(HandlerBinding<?> binding) {
      Route route = new Route(binding, Codecs.defaultMapper().readerFor(
          Codecs.defaultMapper().getTypeFactory().constructType(binding.bodyType())));
      if (binding.messageName() == null) {
        fallback = route;
      } else {
        byName.put(binding.messageName(), route);
      }
    }

    String errorOf(String id, long deliveries) {
      return lastErrors.getOrDefault(id, "no handler returned in " + deliveries + " deliveries");
    }

    /** Finds the handler and decodes the body. @throws UndeliverableException when either is impossible */
    Invocation prepare(StreamEntry entry) throws UndeliverableException {
      Map<String, byte[]> fields = DefaultStreams.fields(entry);
      byte[] nameBytes = fields.get("name");
      byte[] body = fields.get("body");
      if (nameBytes == null || body == null) {
        throw new UndeliverableException("entry " + entry.id() + " of channel '" + name
            + "' is not a Recall message: it needs the fields 'name' and 'body', has " + fields.keySet());
      }
      String messageName = new String(nameBytes, StandardCharsets.UTF_8);
      Route route = byName.getOrDefault(messageName, fallback);
      if (route == null) {
        throw new UndeliverableException("no handler for messages named '" + messageName + "' on channel '" + name
            + "' (handled names: " + byName.keySet() + ")");
      }
      Object decoded;
      try {
        decoded = route.reader.readValue(body);
      } catch (Exception e) {
        throw new UndeliverableException("cannot decode the body of message '" + messageName + "' (entry "
            + entry.id() + ") as " + route.binding.bodyType().getTypeName() + ": " + e.getMessage());
      }
      if (decoded == null) {
        throw new UndeliverableException("the body of message '" + messageName + "' (entry " + entry.id()
            + ") is JSON null");
      }
      @SuppressWarnings("unchecked")
      MessageHandler<Object> handler = (MessageHandler<Object>) route.binding.handler();
      return new Invocation(handler, new Message<>(messageName, decoded, entry.id()));
    }
  }

  private record Route(HandlerBinding<?> binding, ObjectReader reader) {}

  private record Delivery(StreamEntry entry, long deliveries) {}

  private record Invocation(MessageHandler<Object> handler, Message<Object> message) {
    void invoke() throws Exception {
      handler.handle(message);
    }
  }

  private static final class Task {
    final Delivery delivery;
    final Invocation invocation;
    volatile @Nullable Future<?> future;
    volatile @Nullable Throwable failure;
    volatile boolean done;
    volatile boolean abandoned;

    Task(Delivery delivery, Invocation invocation) {
      this.delivery = delivery;
      this.invocation = invocation;
    }
  }

  /** An entry no handler can take: missing fields, an unknown name, or a body that does not decode. */
  private static final class UndeliverableException extends Exception {
    private static final long serialVersionUID = 1L;

    UndeliverableException(String message) {
      super(message, null, false, false);
    }
  }
}
