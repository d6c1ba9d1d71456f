package dev.ohastreaming.stream;

import akka.actor.AbstractExtensionId;
import akka.actor.ActorSystem;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.actor.ExtensionIdProvider;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A high-resolution wake-up service for request schedules, one thread per actor system.
 *
 * <p>Akka's scheduler runs on ticks (1 ms at best) and its timers land a tick or two late, which
 * put the send lag of an open-model schedule at about 3 ms median. The pacer instead parks one
 * daemon thread until the earliest deadline with {@link LockSupport#parkNanos} (tens of
 * microseconds late on Linux) and then runs the wake-up, which hands control back to the waiting
 * stream stage through its async callback. The thread sleeps when nothing is scheduled and stops
 * with the actor system.
 *
 * <p>Wake-ups must be short: they run on the pacer's thread, one after another.
 */
public final class Pacer implements Extension {

  /** The pacer of an actor system. */
  public static final class Id extends AbstractExtensionId<Pacer> implements ExtensionIdProvider {
    /** The only instance. */
    public static final Id INSTANCE = new Id();

    private Id() {}

    @Override
    public Pacer createExtension(ExtendedActorSystem system) {
      Pacer pacer = new Pacer();
      system.registerOnTermination(pacer::stop);
      return pacer;
    }

    @Override
    public Id lookup() {
      return INSTANCE;
    }
  }

  private record Wakeup(long deadlineNanos, long sequence, Runnable action)
      implements Comparable<Wakeup> {
    @Override
    public int compareTo(Wakeup other) {
      int byDeadline = Long.compare(deadlineNanos - other.deadlineNanos, 0);
      return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
    }
  }

  private final PriorityBlockingQueue<Wakeup> queue = new PriorityBlockingQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Thread thread = new Thread(this::run, "oha-pacer");
  private volatile boolean running = true;

  private Pacer() {
    thread.setDaemon(true);
    thread.start();
  }

  /** The pacer of {@code system}. */
  public static Pacer get(ActorSystem system) {
    return Id.INSTANCE.get(system);
  }

  /** Runs {@code action} on the pacer's thread once {@link System#nanoTime()} passes deadline. */
  public void wakeAt(long deadlineNanos, Runnable action) {
    queue.add(new Wakeup(deadlineNanos, sequence.getAndIncrement(), action));
    LockSupport.unpark(thread);
  }

  private void run() {
    while (running) {
      Wakeup next = queue.peek();
      if (next == null) {
        LockSupport.park(this);
        continue;
      }
      long waitNanos = next.deadlineNanos() - System.nanoTime();
      if (waitNanos > 0) {
        LockSupport.parkNanos(this, waitNanos);
        continue;
      }
      Wakeup due = queue.poll();
      if (due != null) {
        due.action().run();
      }
    }
  }

  private void stop() {
    running = false;
    LockSupport.unpark(thread);
  }
}
