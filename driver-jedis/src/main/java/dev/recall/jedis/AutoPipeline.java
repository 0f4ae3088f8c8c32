package dev.recall.jedis;

import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallException;
import dev.recall.RecallTimeoutException;
import dev.recall.spi.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;

/**
 * Sends the single commands of concurrent callers together, so that thousands of virtual threads share a few
 * connections the way Lettuce's callers share one. Every caller queues its command; a caller that gets a connection
 * permit becomes the leader and writes every queued command (its own and others', in arrival order, at most
 * {@value #MAX_BATCH}) in one pipelined write, reads the replies and hands each to its caller. The others wait for
 * their reply or, when a permit comes free while their command is still queued, lead the next batch themselves.
 *
 * <p>A lone caller leads a batch of one: the same single round trip as a plain pooled call, no thread hand-off.
 * Commands are never resent: when a connection breaks mid-batch, the callers whose replies were not read get the
 * connection failure, since their command may have run.
 */
final class AutoPipeline {
  private static final int MAX_BATCH = 256;
  private static final int QUEUED = 0;
  private static final int TAKEN = 1;
  private static final int DONE = 2;
  private static final int CANCELLED = 3;

  private final ConnectionPool pool;
  private final Admission admission;
  private final String server;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

  AutoPipeline(ConnectionPool pool, Admission admission, String server) {
    this.pool = pool;
    this.admission = admission;
    this.server = server;
  }

  /**
   * Sends one non-blocking command and returns its normalized reply.
   *
   * @throws RecallCommandException when the server answers with an error
   * @throws RecallTimeoutException when no connection came free in time, or the reply did not come in time
   * @throws RecallConnectionException when the client is closed, the connection failed, or the caller was
   *     interrupted while its command was still queued
   */
  @Nullable Object send(Command<?> command) {
    admission.checkOpen(command.name());
    Pending mine = new Pending(command, Thread.currentThread());
    queue.add(mine);
    long deadline = System.nanoTime() + admission.timeoutNanos();
    boolean interrupted = false;
    try {
      while (true) {
        int state = mine.state.get();
        if (state == DONE) {
          return mine.result();
        }
        if (state == QUEUED) {
          if (admission.tryAdmit()) {
            try {
              lead();
            } finally {
              admission.release();
              wakeNext();
            }
            continue;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0 || interrupted) {
            if (mine.state.compareAndSet(QUEUED, CANCELLED)) {
              queue.remove(mine);
              throw interrupted
                  ? new RecallConnectionException("interrupted while waiting for a connection for "
                      + command.name(), null)
                  : admission.busy(command.name());
            }
            continue; // a leader took it meanwhile: its reply is on the way
          }
          LockSupport.parkNanos(this, left);
        } else {
          // Taken by a leader: the socket timeout bounds the wait for the reply.
          LockSupport.park(this);
        }
        if (Thread.interrupted()) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Takes the queued commands, in order, sends them in one write on one connection and delivers the replies. */
  private void lead() {
    List<Pending> batch = new ArrayList<>(Math.min(MAX_BATCH, 16));
    Pending next;
    while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
      if (next.state.compareAndSet(QUEUED, TAKEN)) {
        batch.add(next);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    int delivered = 0;
    List<Command<?>> commands = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      commands.add(pending.command);
    }
    try (Connection connection = pool.getResource()) {
      // Marks the connection broken on any failure after the first write, so it never goes back with unread replies.
      List<Object> replies = JedisDriverConnection.pipeline(connection, commands);
      for (; delivered < batch.size(); delivered++) {
        Pending pending = batch.get(delivered);
        pending.complete(JedisDriverConnection.normalize(pending.command, replies.get(delivered)), null);
      }
    } catch (RuntimeException e) {
      JedisDriverConnection.dropIdleAfter(pool, e);
      for (int i = delivered; i < batch.size(); i++) {
        Pending pending = batch.get(i);
        pending.complete(null, JedisFailures.translate(pending.command.name(), server, e));
      }
    } catch (Error e) {
      for (int i = delivered; i < batch.size(); i++) {
        batch.get(i).complete(null, new RecallConnectionException("the batch failed: " + e, e));
      }
      throw e;
    }
  }

  /** Returns how many commands wait in the queue (cancelled ones included until a leader skips them). */
  int queued() {
    return queue.size();
  }

  /**
   * Wakes the oldest caller still queued, so that a permit that came free is used for its batch; called after every
   * release of a permit, by any path that holds one.
   */
  void wakeNext() {
    for (Pending head = queue.peek(); head != null; head = queue.peek()) {
      if (head.state.get() == QUEUED) {
        LockSupport.unpark(head.waiter);
        return;
      }
      queue.remove(head); // cancelled, or taken by a leader that has not polled it off yet
    }
  }

  /** One caller's command and, once its leader read it, the reply or the failure. */
  private static final class Pending {
    final Command<?> command;
    final Thread waiter;
    final AtomicInteger state = new AtomicInteger(QUEUED);
    @Nullable Object reply;
    @Nullable RecallException failure;

    Pending(Command<?> command, Thread waiter) {
      this.command = command;
      this.waiter = waiter;
    }

    void complete(@Nullable Object reply, @Nullable RecallException failure) {
      this.reply = reply;
      this.failure = failure;
      state.set(DONE); // publishes the fields above to the waiter
      LockSupport.unpark(waiter);
    }

    @Nullable Object result() {
      RecallException failed = failure;
      if (failed != null) {
        throw failed;
      }
      // A pipelined reply carries an error as a value; a single command throws it, as a plain call does.
      if (reply instanceof RecallCommandException error) {
        throw error;
      }
      return reply;
    }
  }

  @Override
  public String toString() {
    return "AutoPipeline[" + server + ", queued " + queued() + ", batches up to " + MAX_BATCH + ", wait up to "
        + Duration.ofNanos(admission.timeoutNanos()) + "]";
  }
}
