package dev.channels.spring.observation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per thread, the sender contexts of the values it received from observed channels: the last
 * one, and the most recent {@value #KEPT} with their values, so that a listener call (one value,
 * or a batch) finds each of its values' contexts by the value's identity. The channel
 * interceptor records on the receiving thread, before the receive returns; listener calls and
 * {@link SenderContext#takeReceived()} take what they used and forget the rest.
 */
final class ReceivedContexts {
    /** The most contexts kept per thread between takes. */
    static final int KEPT = 4096;

    private static final ThreadLocal<ReceivedContexts> CURRENT = new ThreadLocal<>();

    private record Received(Object value, SenderContext context) {
    }

    private final ArrayDeque<Received> recent = new ArrayDeque<>();

    private ReceivedContexts() {
    }

    /** On the receiving thread: {@code value} came with {@code context}. */
    static void record(Object value, SenderContext context) {
        ReceivedContexts mine = CURRENT.get();
        if (mine == null) {
            mine = new ReceivedContexts();
            CURRENT.set(mine);
        }
        if (mine.recent.size() == KEPT) {
            mine.recent.removeFirst();
        }
        mine.recent.addLast(new Received(value, context));
    }

    static SenderContext last() {
        ReceivedContexts mine = CURRENT.get();
        return mine == null || mine.recent.isEmpty() ? null : mine.recent.peekLast().context();
    }

    static List<SenderContext> take() {
        ReceivedContexts mine = CURRENT.get();
        if (mine == null) {
            return List.of();
        }
        List<SenderContext> all = new ArrayList<>(mine.recent.size());
        mine.recent.forEach(received -> all.add(received.context()));
        CURRENT.remove();
        return all;
    }

    /**
     * The contexts of {@code values} (by identity; null where a value came from no observed
     * channel), in their order, and forgets everything this thread received.
     */
    static List<SenderContext> takeFor(List<?> values) {
        ReceivedContexts mine = CURRENT.get();
        if (mine == null) {
            return java.util.Collections.nCopies(values.size(), null);
        }
        CURRENT.remove();
        List<SenderContext> found = new ArrayList<>(values.size());
        if (values.size() == 1) {
            found.add(mine.find(values.get(0)));
            return found;
        }
        Map<Object, ArrayDeque<SenderContext>> byValue = new IdentityHashMap<>();
        for (Received received : mine.recent) {
            byValue.computeIfAbsent(received.value(), v -> new ArrayDeque<>()).addLast(received.context());
        }
        for (Object value : values) {
            ArrayDeque<SenderContext> contexts = byValue.get(value);
            found.add(contexts == null || contexts.isEmpty() ? null : contexts.removeFirst());
        }
        return found;
    }

    private SenderContext find(Object value) {
        var it = recent.descendingIterator();
        while (it.hasNext()) {
            Received received = it.next();
            if (received.value() == value) {
                return received.context();
            }
        }
        return null;
    }

    static void clear() {
        CURRENT.remove();
    }
}
