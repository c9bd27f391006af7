package io.atlas.gateway.session;

import io.atlas.gateway.fanout.Update;

import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.ToDoubleBiFunction;

/**
 * When the rate-capped updates that connections hold back may go, earliest first: the fan-out thread releases what is
 * due without looking at what is not. With thousands of capped connections over hundreds of symbols, scanning every
 * held update on every pass of the fan-out loop cost more than all the dispatching; here a pass costs one look at the
 * head, and each held update one insertion and one removal.
 *
 * <p>An entry may outlive its reason (the update was overtaken by a newer one sent right away, the rate state was
 * cleared, the connection closed): the connection then finds nothing to release, which is why entries are not
 * removed early. Fan-out thread only.
 */
public final class ReleaseSchedule {

    private record Due(long atNanos, ClientConnection connection, int keyId) {
    }

    private final PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos, b.atNanos));

    /** The update {@code connection} holds for the key {@code keyId} may go at {@code atNanos}. */
    void add(long atNanos, ClientConnection connection, int keyId) {
        due.add(new Due(atNanos, connection, keyId));
    }

    public boolean isEmpty() {
        return due.isEmpty();
    }

    /**
     * Queues every held update whose time has come, at the rate {@code rates} gives its connection now, and hands
     * each connection whose writer must be woken to {@code wake} (as {@link ClientConnection#deliver} would say).
     */
    public void release(long nowNanos, ToDoubleBiFunction<ClientConnection, Update> rates, Consumer<Outbound> wake) {
        Due head;
        while ((head = due.peek()) != null && nowNanos - head.atNanos >= 0) {
            due.poll();
            if (head.connection.release(head.keyId, nowNanos, rates)) {
                wake.accept(head.connection.outbound());
            }
        }
    }
}
