package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Direction views (Go's chan&lt;- and &lt;-chan) reach the same channel and nothing more. */
class ViewsTest {

    @Test
    void viewsShareTheChannelButNotEachOthersOperations() throws Exception {
        Channel<String> ch = Channel.<String>builder().name("jobs").capacity(2).build();
        SendChannel<String> out = ch.sendOnly();
        ReceiveChannel<String> in = ch.receiveOnly();
        assertThat(out).isNotInstanceOf(ReceiveChannel.class);
        assertThat(in).isNotInstanceOf(SendChannel.class);

        out.send("a");
        assertThat(out.trySend("b")).isTrue();
        assertThat(in.size()).isEqualTo(2);
        assertThat(in.receive()).isEqualTo("a");
        assertThat(in.tryReceive()).isEqualTo("b");
        assertThat(in.name()).isEqualTo("jobs");
        assertThat(out.stats()).isEqualTo(in.stats());
        assertThat(in.toString()).contains("jobs").startsWith("ReceiveOnly");
        assertThat(out.toString()).contains("jobs").startsWith("SendOnly");

        String got = Select.<String>fair().onSend(out, "c", () -> "sent").await();
        assertThat(got).isEqualTo("sent");
        assertThat(Select.<String>fair().onReceive(in, v -> v).await()).isEqualTo("c");

        out.close();
        assertThat(in.isClosed()).isTrue();
        assertThat(in.isDrained()).isTrue();
    }

    @Test
    void theSendOnlyViewOfAnySendChannelForwardsEveryCallAndNothingElse() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        Throwable cause = new IllegalStateException("why");
        @SuppressWarnings("unchecked")
        SendChannel<String> foreign = (SendChannel<String>) SelectableChannelTest.proxy(
                new Class<?>[] { SendChannel.class }, method -> args -> {
                    calls.add(method + (args == null ? "" : List.of(args)));
                    return switch (method) {
                        case "send", "trySend", "fail", "isClosed" -> method.equals("send") && args.length == 1 ? null : true;
                        case "sendBatch", "trySendBatch" -> 2;
                        case "capacity" -> 7;
                        case "size" -> 3;
                        case "name", "toString" -> "foreign";
                        default -> null;
                    };
                });
        SendChannel<String> out = Channels.sendOnly(foreign);
        assertThat(out).isNotSameAs(foreign).isNotInstanceOf(ReceiveChannel.class).isNotInstanceOf(Channel.class);

        out.send("a");
        assertThat(out.send("b", Duration.ofSeconds(1))).isTrue();
        assertThat(out.trySend("c")).isTrue();
        assertThat(out.sendBatch(List.of("d", "e"))).isEqualTo(2);
        assertThat(out.trySendBatch(List.of("f", "g"))).isEqualTo(2);
        assertThat(out.name()).isEqualTo("foreign");
        assertThat(out.capacity()).isEqualTo(7);
        assertThat(out.size()).isEqualTo(3);
        assertThat(out.isClosed()).isTrue();
        assertThat(out.fail(cause)).isTrue();
        out.close();
        assertThat(out.toString()).isEqualTo("SendOnlyforeign");
        assertThat(calls).containsExactly("send[a]", "send[b, PT1S]", "trySend[c]", "sendBatch[[d, e]]",
                "trySendBatch[[f, g]]", "name", "capacity", "size", "isClosed", "fail[" + cause + "]", "close", "toString");

        assertThatThrownBy(() -> Select.<String>fair().onSend(out, "v", () -> "sent"))
                .as("a view of a channel that is not selectable is refused in a select, naming it")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("send-only view of");
        assertThatThrownBy(() -> Channels.sendOnly(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("channel");
    }

    @Test
    void inASelectTheSendOnlyViewIsWhatItsChannelIs() throws Exception {
        Channel<String> local = Channel.buffered(1);
        assertThat(Select.<String>fair().onSend(Channels.sendOnly(local), "x", () -> "sent").await()).isEqualTo("sent");
        assertThat(local.tryReceive()).isEqualTo("x");

        SelectableChannelTest.Foreign foreign = new SelectableChannelTest.Foreign();
        SendChannel<String> out = Channels.sendOnly(foreign.channel());
        assertThat(Select.<String>fair().onSend(out, "y", () -> "sent").await()).isEqualTo("sent");
        assertThat(foreign.events).as("the view passed the clause on to the selectable channel").containsExactly("passed on y");
        assertThat(foreign.room.size()).isEqualTo(1);
    }

    @Test
    void toStringDescribesTheKind() {
        assertThat(Channel.<String>builder().name("a").build().toString()).isEqualTo("Channel[a, rendezvous]");
        assertThat(Channel.<String>builder().name("b").capacity(3).build().toString()).isEqualTo("Channel[b, buffered(3)]");
        Channel<String> c = Channel.<String>builder().name("c").unlimited().build();
        c.close();
        assertThat(c.toString()).isEqualTo("Channel[c, unlimited, closed]");
    }
}
