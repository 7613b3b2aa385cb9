package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A channel made outside this library takes part in a select as a {@link SelectableChannel}:
 * receive clauses take from the channel that stands for it, send clauses take room in the channel
 * that stands for its room and pass the value on before the handler runs; a channel that is not
 * selectable, or cannot do what the clause asks, is refused naming it.
 */
class SelectableChannelTest {

    /** The stand-ins of a channel "of another module", and what it passed on. */
    static final class Foreign {
        final Channel<String> inbox = Channel.<String>builder().name("foreign-in").capacity(4).build();
        final Channel<Boolean> room = Channel.<Boolean>builder().name("foreign-room").capacity(1).build();
        final List<String> events = new CopyOnWriteArrayList<>();
        RuntimeException refuse;

        /** A channel of both directions, implemented by a proxy: only the select's two methods work. */
        @SuppressWarnings("unchecked")
        Channel<String> channel() {
            return (Channel<String>) proxy(new Class<?>[] { Channel.class, SelectableChannel.class }, method -> switch (method) {
                case "selectReceiving" -> args -> inbox.receiveOnly();
                case "selectSending" -> args -> new SelectableChannel.Send<>(room, Boolean.TRUE, () -> {
                    if (refuse != null) {
                        throw refuse;
                    }
                    events.add("passed on " + args[0]);
                });
                case "toString" -> args -> "Foreign[f]";
                case "name" -> args -> "f";
                default -> null;
            });
        }
    }

    static Object proxy(Class<?>[] types, Function<String, Function<Object[], Object>> methods) {
        InvocationHandler handler = (self, method, args) -> {
            Function<Object[], Object> body = methods.apply(method.getName());
            if (body == null) {
                if (method.isDefault()) {
                    return InvocationHandler.invokeDefault(self, method, args);
                }
                throw new UnsupportedOperationException(method.getName());
            }
            return body.apply(args);
        };
        return Proxy.newProxyInstance(SelectableChannelTest.class.getClassLoader(), types, handler);
    }

    @Test
    void aReceiveClauseOnASelectableChannelTakesFromTheChannelThatStandsForIt() throws Exception {
        Foreign foreign = new Foreign();
        Channel<String> local = Channel.buffered(1);
        foreign.inbox.send("x");
        String chosen = Select.<String>fair()
                .onReceive(foreign.channel(), v -> "foreign " + v)
                .onReceive(local, v -> "local " + v)
                .await();
        assertThat(chosen).isEqualTo("foreign x");
        assertThat(foreign.inbox.size()).isZero();

        local.send("y");
        assertThat(Select.<String>fair().onReceive(foreign.channel(), v -> "foreign " + v)
                .onReceive(local, v -> "local " + v).await())
                .as("the other clause took nothing from the foreign channel").isEqualTo("local y");
    }

    @Test
    void aSendClauseTakesRoomAndPassesTheValueOnBeforeTheHandlerRuns() throws Exception {
        Foreign foreign = new Foreign();
        Channel<String> local = Channel.buffered(1);
        String chosen = Select.<String>ordered()
                .onSend(foreign.channel(), "v1", () -> {
                    foreign.events.add("handler");
                    return "sent";
                })
                .await();
        assertThat(chosen).isEqualTo("sent");
        assertThat(foreign.events).containsExactly("passed on v1", "handler");
        assertThat(foreign.room.size()).as("the clause holds its place in the room").isEqualTo(1);

        local.send("ready");
        chosen = Select.<String>ordered()
                .onSend(foreign.channel(), "v2", () -> "sent")
                .onReceive(local, v -> "local " + v)
                .await();
        assertThat(chosen).as("no room: the other clause").isEqualTo("local ready");
        assertThat(foreign.events).as("a clause not chosen passes nothing on").containsExactly("passed on v1", "handler");
        assertThat(foreign.room.size()).isEqualTo(1);
    }

    @Test
    void whatPassingTheValueOnThrowsIsThrownByAwaitAndTheHandlerDoesNotRun() {
        Foreign foreign = new Foreign();
        foreign.refuse = new IllegalStateException("refused by the foreign channel");
        List<String> handled = new CopyOnWriteArrayList<>();
        Select<String> select = Select.<String>fair().onSend(foreign.channel(), "v", () -> {
            handled.add("handler");
            return "sent";
        });
        assertThatThrownBy(select::await).isSameAs(foreign.refuse);
        assertThat(handled).isEmpty();
    }

    @Test
    void closedStandInsMakeTheClausesThoseOfAClosedChannel() throws Exception {
        Foreign foreign = new Foreign();
        foreign.inbox.close();
        foreign.room.close();
        assertThat(Select.<String>fair().onReceive(foreign.channel(), v -> v, () -> "closed").await()).isEqualTo("closed");
        assertThatThrownBy(() -> Select.<String>fair().onReceive(foreign.channel(), v -> v).await())
                .isInstanceOfSatisfying(ChannelClosedException.class,
                        closed -> assertThat(closed.channelName()).as("the select's channel, not its stand-in").isEqualTo("f"));
        assertThatThrownBy(() -> Select.<String>fair().onSend(foreign.channel(), "v", () -> "sent").await())
                .isInstanceOfSatisfying(ChannelClosedException.class,
                        closed -> assertThat(closed.channelName()).isEqualTo("f"));
        assertThat(foreign.events).isEmpty();
    }

    @Test
    void aChannelThatIsNotSelectableOrCannotDoWhatTheClauseAsksIsRefusedNamingIt() {
        @SuppressWarnings("unchecked")
        Channel<String> plain = (Channel<String>) proxy(new Class<?>[] { Channel.class },
                method -> method.equals("toString") ? args -> "Plain[p]" : null);
        assertThatThrownBy(() -> Select.<String>fair().onReceive(plain, v -> v))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("made by dev.channels");
        assertThatThrownBy(() -> Select.<String>fair().onSend(plain, "v", () -> "sent"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("made by dev.channels");

        @SuppressWarnings("unchecked")
        Channel<String> neither = (Channel<String>) proxy(new Class<?>[] { Channel.class, SelectableChannel.class },
                method -> method.equals("toString") ? args -> "Neither[n]" : null);
        assertThatThrownBy(() -> Select.<String>fair().onReceive(neither, v -> v))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Neither[n] cannot");
        assertThatThrownBy(() -> Select.<String>fair().onSend(neither, "v", () -> "sent"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Neither[n] cannot");
    }
}
