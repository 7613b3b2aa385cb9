package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One value out, one back, per step; closing one end ends the other's serve loop. */
class DuplexChannelTest {

    @Test
    void exchangeAndServe() throws Exception {
        DuplexChannel<String, Integer> lengths = DuplexChannel.rendezvous();
        Thread server = Channels.go(() -> lengths.right().serve(String::length));
        assertThat(lengths.left().exchange("hello")).isEqualTo(5);
        assertThat(lengths.left().exchange("")).isZero();
        lengths.left().close();
        server.join();
        assertThat(lengths.left().in().isClosed()).as("serve closes its outgoing side when done").isTrue();
        assertThatThrownBy(() -> lengths.left().exchange("more")).isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void bufferedDuplexLetsOneSideRunAhead() throws Exception {
        DuplexChannel<Integer, Integer> doubles = DuplexChannel.buffered(8);
        for (int i = 0; i < 8; i++) {
            doubles.left().out().send(i);
        }
        Channels.go(() -> doubles.right().serve(v -> v * 2));
        for (int i = 0; i < 8; i++) {
            assertThat(doubles.left().in().receive()).isEqualTo(i * 2);
        }
    }

    @Test
    void serveStopsWithTheFailureOfItsInput() throws Exception {
        DuplexChannel<String, String> echo = DuplexChannel.rendezvous();
        Blocking.Running<Object> server = Blocking.startBlocked(() -> {
            echo.right().serve(s -> s);
            return null;
        });
        IllegalStateException cause = new IllegalStateException("client crashed");
        echo.left().out().fail(cause);
        assertThat(server.failure()).isInstanceOf(ChannelClosedException.class).hasCause(cause);
        assertThat(echo.left().in().isClosed()).isTrue();
    }
}
