package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;

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
    void toStringDescribesTheKind() {
        assertThat(Channel.<String>builder().name("a").build().toString()).isEqualTo("Channel[a, rendezvous]");
        assertThat(Channel.<String>builder().name("b").capacity(3).build().toString()).isEqualTo("Channel[b, buffered(3)]");
        Channel<String> c = Channel.<String>builder().name("c").unlimited().build();
        c.close();
        assertThat(c.toString()).isEqualTo("Channel[c, unlimited, closed]");
    }
}
