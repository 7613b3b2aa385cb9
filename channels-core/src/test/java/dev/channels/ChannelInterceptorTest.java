package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link ChannelInterceptor}: every receive path hands each value's attachment to the receiving
 * thread once, every send that does not complete and every drop reports a discard, failures reach
 * the caller after the operation, and a channel without interceptors holds plain values.
 */
class ChannelInterceptorTest {
    final RecordingInterceptor<String> rec = new RecordingInterceptor<>("t");

    Channel<String> buffered(int capacity) {
        return Channel.<String>builder().name("intercepted").capacity(capacity).interceptor(rec).build();
    }

    Channel<String> rendezvous() {
        return Channel.<String>builder().name("intercepted").interceptor(rec).build();
    }

    // ------------------------------------------------------------ receive paths

    @Test
    void receiveHandsTheSendersAttachmentToTheReceivingThread() throws Exception {
        Channel<String> ch = rendezvous();
        Blocking.Running<Void> sender = Blocking.startBlocked(() -> {
            ch.send("a");
            return null;
        });
        assertThat(ch.receive()).isEqualTo("a");
        sender.join();
        RecordingInterceptor.Call send = rec.raw().get(0);
        RecordingInterceptor.Call receive = rec.raw().get(1);
        assertThat(rec.calls()).containsExactly("send a", "receive a t#1");
        assertThat(send.thread()).isSameAs(sender.thread());
        assertThat(receive.thread()).isSameAs(Thread.currentThread());
        assertThat(((RecordingInterceptor.Ticket) receive.attachment()).sender()).isSameAs(sender.thread());
    }

    @Test
    void timedReceiveAndTryReceive() throws Exception {
        Channel<String> ch = buffered(4);
        ch.send("a");
        ch.send("b");
        assertThat(ch.receive(Duration.ofSeconds(30))).isEqualTo("a");
        assertThat(ch.tryReceive()).isEqualTo("b");
        assertThat(ch.tryReceive()).isNull();
        assertThat(ch.receive(Duration.ofMillis(1))).isNull();
        assertThat(rec.calls()).containsExactly("send a", "send b", "receive a t#1", "receive b t#2");
    }

    @Test
    void selectReceiveClauseTellsTheInterceptorBeforeItsHandlerRuns() throws Exception {
        Channel<String> ch = buffered(1);
        Channel<String> other = Channel.buffered(1);
        ch.send("a");
        List<String> seenByHandler = new ArrayList<>();
        String result = Select.<String>ordered()
                .onReceive(other, v -> "other")
                .onReceive(ch, v -> {
                    seenByHandler.addAll(rec.calls());
                    return v;
                })
                .await();
        assertThat(result).isEqualTo("a");
        assertThat(seenByHandler).containsExactly("send a", "receive a t#1");
    }

    @Test
    void selectReceiveClauseWaitingForASender() throws Exception {
        Channel<String> ch = rendezvous();
        Blocking.Running<String> selecting = Blocking.startBlocked(
                () -> Select.<String>fair().onReceive(ch, v -> v).await());
        ch.send("a");
        assertThat(selecting.join()).isEqualTo("a");
        assertThat(rec.calls()).containsExactly("send a", "receive a t#1");
        assertThat(rec.last().thread()).isSameAs(selecting.thread());
    }

    @Test
    void batchReceiveTellsOncePerValueInOrder() throws Exception {
        Channel<String> ch = buffered(200);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            values.add("v" + i);
        }
        assertThat(ch.sendBatch(values)).isEqualTo(150);
        List<String> sink = new ArrayList<>();
        assertThat(ch.receiveBatch(sink, 100)).isEqualTo(100); // two chunks of the engine's
        assertThat(ch.tryReceiveBatch(sink, 100)).isEqualTo(50);
        assertThat(sink).isEqualTo(values);
        List<String> received = rec.calls().stream().filter(c -> c.startsWith("receive")).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            expected.add("receive v" + i + " t#" + (i + 1));
        }
        assertThat(received).isEqualTo(expected);
    }

    @Test
    void iterationAndStreamTellOncePerValue() throws Exception {
        Channel<String> ch = buffered(4);
        ch.send("a");
        ch.send("b");
        Iterator<String> it = ch.iterator();
        assertThat(it.hasNext()).isTrue();
        assertThat(rec.calls()).as("told when hasNext took the value").contains("receive a t#1");
        assertThat(it.hasNext()).isTrue();
        assertThat(it.next()).isEqualTo("a");
        ch.close();
        assertThat(ch.stream().toList()).containsExactly("b");
        assertThat(rec.calls()).containsExactly("send a", "send b", "receive a t#1", "receive b t#2");
    }

    @Test
    void viewsGoThroughTheInterceptor() throws Exception {
        Channel<String> ch = buffered(2);
        ch.sendOnly().send("a");
        assertThat(ch.receiveOnly().receive()).isEqualTo("a");
        ch.sendOnly().send("b");
        assertThat(Select.<String>fair().onReceive(ch.receiveOnly(), v -> v).await()).isEqualTo("b");
        assertThat(rec.calls()).containsExactly("send a", "receive a t#1", "send b", "receive b t#2");
    }

    @Test
    void mergeCarriesEachSourcesAttachmentToWhoeverReceivesTheMergedValue() throws Exception {
        RecordingInterceptor<String> second = new RecordingInterceptor<>("u");
        Channel<String> a = buffered(2);
        Channel<String> b = Channel.<String>builder().capacity(2).interceptor(second).build();
        Channel<String> plain = Channel.buffered(2);
        ReceiveChannel<String> merged = Channels.merge(a, b, plain);
        a.send("a1");
        b.send("b1");
        plain.send("p1");
        a.close();
        b.close();
        plain.close();
        List<String> received = new ArrayList<>();
        Blocking.Running<Void> receiver = Blocking.start(() -> {
            for (String v : merged) {
                received.add(v);
            }
            return null;
        });
        receiver.join();
        assertThat(received).containsExactlyInAnyOrder("a1", "b1", "p1");
        assertThat(rec.calls()).containsExactly("send a1", "receive a1 t#1");
        assertThat(second.calls()).containsExactly("send b1", "receive b1 u#1");
        assertThat(rec.last().thread()).as("told on the merged channel's receiver").isSameAs(receiver.thread());
        assertThat(second.last().thread()).isSameAs(receiver.thread());
    }

    @Test
    void mergeDiscardsWhatAForwarderHoldsWhenTheMergedChannelFails() throws Exception {
        Channel<String> failing = Channel.buffered(1);
        Channel<String> b = buffered(1);
        ReceiveChannel<String> merged = Channels.merge(failing, b);
        b.send("b1");
        Blocking.awaitTrue("b's forwarder took b1 and waits to hand it on",
                () -> merged.stats().waitingSenders() == 1);
        failing.fail(new IllegalStateException("source failed"));
        Blocking.awaitTrue("b1 discarded", () -> rec.calls().contains("discard b1 t#1"));
        assertThat(rec.calls()).containsExactly("send b1", "discard b1 t#1");
        assertThatThrownBy(merged::receive).isInstanceOf(ChannelClosedException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNullAttachmentTravelsToo() throws Exception {
        List<Object> attachments = new CopyOnWriteArrayList<>();
        Channel<String> ch = Channel.<String>builder().capacity(1).interceptor(new ChannelInterceptor<String>() {
            @Override
            public Object onSend(String value) {
                return null;
            }

            @Override
            public void onReceive(String value, Object attachment) {
                attachments.add(value + "=" + attachment);
            }
        }).build();
        ch.send("a");
        assertThat(ch.receive()).isEqualTo("a");
        assertThat(attachments).containsExactly("a=null");
    }

    // --------------------------------------------------------------- send paths

    @Test
    void aSendOnAClosedChannelDiscardsItsValueAndThrows() {
        Channel<String> ch = buffered(1);
        ch.close();
        assertThatThrownBy(() -> ch.send("a")).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> ch.trySend("b")).isInstanceOf(ChannelClosedException.class);
        assertThat(rec.calls()).containsExactly("send a", "discard a t#1", "send b", "discard b t#2");
    }

    @Test
    void aSendThatFindsNoRoomOrTimesOutDiscardsItsValue() throws Exception {
        Channel<String> ch = buffered(1);
        assertThat(ch.trySend("a")).isTrue();
        assertThat(ch.trySend("b")).isFalse();
        assertThat(ch.send("c", Duration.ofMillis(1))).isFalse();
        assertThat(rec.calls()).containsExactly("send a", "send b", "discard b t#2", "send c", "discard c t#3");
        assertThat(ch.receive()).isEqualTo("a");
    }

    @Test
    void aWaitingSenderDiscardsItsValueWhenInterruptedOrWhenTheChannelCloses() throws Exception {
        Channel<String> ch = rendezvous();
        Blocking.Running<Void> interrupted = Blocking.startBlocked(() -> {
            ch.send("a");
            return null;
        });
        interrupted.thread().interrupt();
        assertThat(interrupted.failure()).isInstanceOf(InterruptedException.class);
        Blocking.Running<Void> closed = Blocking.startBlocked(() -> {
            ch.send("b");
            return null;
        });
        ch.close();
        assertThat(closed.failure()).isInstanceOf(ChannelClosedException.class);
        assertThat(rec.calls()).containsExactly("send a", "discard a t#1", "send b", "discard b t#2");
        assertThat(rec.raw().get(1).thread()).isSameAs(interrupted.thread());
    }

    @Test
    void aBatchSendDiscardsTheValuesItDidNotSend() throws Exception {
        Channel<String> ch = buffered(2);
        assertThat(ch.trySendBatch(List.of("a", "b", "c"))).isEqualTo(2);
        assertThat(rec.calls()).containsExactly("send a", "send b", "send c", "discard c t#3");
        ch.close();
        assertThatThrownBy(() -> ch.sendBatch(List.of("d", "e"))).isInstanceOf(ChannelClosedException.class);
        assertThat(rec.calls()).endsWith("send d", "send e", "discard d t#4", "discard e t#5");
        List<String> sink = new ArrayList<>();
        ch.receiveBatch(sink, 10);
        assertThat(sink).containsExactly("a", "b");
        assertThat(rec.calls()).endsWith("receive a t#1", "receive b t#2");
    }

    @Test
    void aChosenSelectSendClauseCarriesItsAttachmentAndTheOthersAreDiscarded() throws Exception {
        Channel<String> ch = buffered(1);
        Channel<String> full = buffered(1);
        full.send("x");
        String result = Select.<String>ordered()
                .onSend(full, "y", () -> "full")
                .onSend(ch, "a", () -> "sent")
                .await();
        assertThat(result).isEqualTo("sent");
        assertThat(rec.calls()).containsExactly("send x", "send y", "send a", "discard y t#2");
        assertThat(ch.receive()).isEqualTo("a");
        assertThat(rec.last().toString()).isEqualTo("receive a t#3");
    }

    @Test
    void aSelectSendClauseAsksAfreshOnEachAwait() throws Exception {
        Channel<String> ch = buffered(1);
        Select<String> select = Select.<String>ordered().onSend(ch, "a", () -> "sent").onDefault(() -> "default");
        assertThat(select.await()).isEqualTo("sent");
        assertThat(select.await()).isEqualTo("default");
        assertThat(ch.receive()).isEqualTo("a");
        assertThat(select.await()).isEqualTo("sent");
        assertThat(ch.receive()).isEqualTo("a");
        assertThat(rec.calls()).containsExactly("send a", "send a", "discard a t#2", "receive a t#1",
                "send a", "receive a t#3");
    }

    @Test
    void anInterruptedSelectDiscardsItsSendClausesValues() throws Exception {
        Channel<String> ch = rendezvous();
        Channel<String> plain = Channel.rendezvous();
        Blocking.Running<String> selecting = Blocking.startBlocked(() -> Select.<String>fair()
                .onSend(ch, "a", () -> "sent").onReceive(plain, v -> v).await());
        selecting.thread().interrupt();
        assertThat(selecting.failure()).isInstanceOf(InterruptedException.class);
        assertThat(rec.calls()).containsExactly("send a", "discard a t#1");
    }

    @Test
    void aSelectSendClauseChosenOnAClosedChannelDiscardsItsValue() {
        Channel<String> ch = buffered(1);
        ch.close();
        assertThatThrownBy(() -> Select.<String>fair().onSend(ch, "a", () -> "sent").await())
                .isInstanceOf(ChannelClosedException.class);
        assertThat(rec.calls()).containsExactly("send a", "discard a t#1");
    }

    // -------------------------------------------------------------------- drops

    @Test
    void aDroppedValueIsDiscardedBeforeTheDropHandlerRuns() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        RecordingInterceptor<String> logged = new RecordingInterceptor<>("t", log);
        Channel<String> oldest = Channel.<String>builder().capacity(1).overflow(OverflowPolicy.DROP_OLDEST)
                .interceptor(logged).onDrop(v -> log.add("dropped " + v)).build();
        oldest.send("a");
        oldest.send("b");
        assertThat(log).containsExactly("t: send a", "t: send b", "t: discard a t#1", "dropped a");
        assertThat(oldest.receive()).isEqualTo("b");
        assertThat(log).endsWith("t: receive b t#2");

        log.clear();
        RecordingInterceptor<String> newest = new RecordingInterceptor<>("n", log);
        Channel<String> dropNewest = Channel.<String>builder().capacity(1).overflow(OverflowPolicy.DROP_NEWEST)
                .interceptor(newest).build(); // no drop handler of its own
        dropNewest.send("a");
        dropNewest.send("b");
        assertThat(log).containsExactly("n: send a", "n: send b", "n: discard b n#2");
    }

    @Test
    void failDiscardsTheBufferedValues() throws Exception {
        List<String> dropped = new CopyOnWriteArrayList<>();
        Channel<String> ch = Channel.<String>builder().capacity(4).interceptor(rec).onDrop(dropped::add).build();
        ch.send("a");
        ch.send("b");
        ch.fail(new IllegalStateException("boom"));
        assertThat(rec.calls()).containsExactly("send a", "send b", "discard a t#1", "discard b t#2");
        assertThat(dropped).containsExactly("a", "b");
    }

    // ----------------------------------------------------------------- failures

    @Test
    void anOnSendThatThrowsFailsTheSendAndNothingIsSent() {
        List<String> log = new ArrayList<>();
        RecordingInterceptor<String> first = new RecordingInterceptor<>("first", log);
        RecordingInterceptor<String> second = new RecordingInterceptor<>("second", log);
        second.onSendHook = v -> {
            throw new IllegalArgumentException("refused " + v);
        };
        Channel<String> ch = Channel.<String>builder().capacity(4).interceptor(first).interceptor(second).build();
        assertThatThrownBy(() -> ch.send("a")).isInstanceOf(IllegalArgumentException.class).hasMessage("refused a");
        assertThatThrownBy(() -> ch.trySendBatch(List.of("b"))).hasMessage("refused b");
        assertThatThrownBy(() -> Select.<String>fair().onSend(ch, "c", () -> "sent").await()).hasMessage("refused c");
        assertThat(ch.size()).isZero();
        assertThat(ch.stats().sent()).isZero();
        assertThat(log).containsExactly("first: send a", "first: discard a first#1",
                "first: send b", "first: discard b first#2", "first: send c", "first: discard c first#3");
    }

    @Test
    void anOnReceiveThatThrowsIsThrownAfterTheValueLeftTheChannelAndEveryInterceptorHeard() throws Exception {
        List<String> log = new ArrayList<>();
        RecordingInterceptor<String> first = new RecordingInterceptor<>("first", log);
        RecordingInterceptor<String> second = new RecordingInterceptor<>("second", log);
        first.onReceiveHook = v -> {
            throw new IllegalStateException("first " + v);
        };
        second.onReceiveHook = v -> {
            throw new IllegalStateException("second " + v);
        };
        Channel<String> ch = Channel.<String>builder().capacity(4).interceptor(first).interceptor(second).build();
        ch.send("a");
        assertThatThrownBy(ch::receive).hasMessage("first a")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("second a"));
        assertThat(ch.size()).isZero();
        assertThat(log).endsWith("first: receive a first#1",
                "second: receive a second#1");

        ch.send("b");
        ch.send("c");
        List<String> sink = new ArrayList<>();
        assertThatThrownBy(() -> ch.receiveBatch(sink, 10)).hasMessage("first b");
        assertThat(sink).as("the batch reaches the sink all the same").containsExactly("b", "c");
        assertThat(ch.size()).isZero();
    }

    @Test
    void severalInterceptorsAreCalledInTheOrderAddedEachWithItsOwnAttachment() throws Exception {
        List<String> log = new ArrayList<>();
        Channel<String> ch = Channel.<String>builder().capacity(1)
                .interceptor(new RecordingInterceptor<>("first", log))
                .interceptor(new RecordingInterceptor<>("second", log)).build();
        ch.send("a");
        ch.receive();
        ch.send("b");
        ch.trySend("c");
        assertThat(log).containsExactly("first: send a", "second: send a", "first: receive a first#1",
                "second: receive a second#1", "first: send b", "second: send b", "first: send c",
                "second: send c", "first: discard c first#3", "second: discard c second#3");
    }

    @Test
    void anOnDiscardThatThrowsAfterAFailedSendIsSuppressedOnTheSendsException() {
        Channel<String> ch = Channel.<String>builder().capacity(1).interceptor(new ChannelInterceptor<String>() {
            @Override
            public Object onSend(String value) {
                return value;
            }

            @Override
            public void onReceive(String value, Object attachment) {
            }

            @Override
            public void onDiscard(String value, Object attachment) {
                throw new IllegalStateException("discard " + value);
            }
        }).build();
        ch.close();
        assertThatThrownBy(() -> ch.send("a")).isInstanceOf(ChannelClosedException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("discard a"));
    }

    // -------------------------------------------------------------- not intercepted

    @Test
    void aChannelWithoutInterceptorsHoldsThePlainValue() throws Exception {
        Channel<String> ch = Channel.<String>builder().capacity(1).build();
        String value = new String("a");
        ch.send(value);
        assertThat(((CoreAccess) ch).interception()).isNull();
        assertThat(((CoreAccess) ch).core().receive(0)).isSameAs(value);

        Channel<String> intercepted = buffered(1);
        intercepted.send(value);
        assertThat(((CoreAccess) intercepted).core().receive(0)).isInstanceOf(Interception.Envelope.class);
    }

    @Test
    void aNullInterceptorIsRefusedByName() {
        assertThatThrownBy(() -> Channel.<String>builder().interceptor(null))
                .isInstanceOf(NullPointerException.class).hasMessage("interceptor");
    }
}
