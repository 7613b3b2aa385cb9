package dev.channels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link ChannelInterceptor} for tests: attaches a new {@link Ticket} naming the value, its
 * sending thread and a number to each value, and records every call ("send a", "receive a #1",
 * "discard a #1") with the thread it ran on.
 */
final class RecordingInterceptor<T> implements ChannelInterceptor<T> {
    /** What travels with a value: who sent it, and which send it was. */
    record Ticket(String interceptor, Object value, Thread sender, int number) {
        @Override
        public String toString() {
            return interceptor + "#" + number;
        }
    }

    /** One call of the interceptor. */
    record Call(String what, Object value, Object attachment, Thread thread) {
        @Override
        public String toString() {
            return what + " " + value + (attachment == null ? "" : " " + attachment);
        }
    }

    private final String name;
    private final AtomicInteger numbers = new AtomicInteger();
    private final List<Call> calls = new ArrayList<>();
    private final List<String> log;
    volatile Consumer<Object> onSendHook = v -> { };
    volatile Consumer<Object> onReceiveHook = v -> { };

    RecordingInterceptor(String name) {
        this(name, new ArrayList<>());
    }

    /** Records its calls in {@code log} too (shared with other interceptors, to see the order among them). */
    RecordingInterceptor(String name, List<String> log) {
        this.name = name;
        this.log = log;
    }

    @Override
    public Object onSend(T value) {
        onSendHook.accept(value);
        Ticket ticket = new Ticket(name, value, Thread.currentThread(), numbers.incrementAndGet());
        record(new Call("send", value, null, Thread.currentThread()));
        return ticket;
    }

    @Override
    public void onReceive(T value, Object attachment) {
        record(new Call("receive", value, attachment, Thread.currentThread()));
        onReceiveHook.accept(value);
    }

    @Override
    public void onDiscard(T value, Object attachment) {
        record(new Call("discard", value, attachment, Thread.currentThread()));
    }

    private void record(Call call) {
        synchronized (log) {
            calls.add(call);
            log.add(name + ": " + call);
        }
    }

    /** Every call so far, as "send a", "receive a name#1", "discard b name#2". */
    List<String> calls() {
        synchronized (log) {
            return calls.stream().map(Call::toString).toList();
        }
    }

    /** Every call so far. */
    List<Call> raw() {
        synchronized (log) {
            return List.copyOf(calls);
        }
    }

    /** The last call. */
    Call last() {
        synchronized (log) {
            return calls.get(calls.size() - 1);
        }
    }
}
