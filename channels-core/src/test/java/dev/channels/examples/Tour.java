package dev.channels.examples;

import dev.channels.Channel;
import dev.channels.Channels;
import dev.channels.ReceiveChannel;
import dev.channels.Select;
import java.time.Duration;

/** The README's tour as one runnable program: producer/consumer, range, close, select, pipeline. */
public final class Tour {
    private Tour() {
    }

    /** Runs every step of the tour and prints what it sees. */
    public static void main(String[] args) throws Exception {
        // Producer and consumer: a buffered channel decouples them.
        try (Channel<String> messages = Channel.buffered(2)) {
            Channels.go(() -> {
                messages.send("ping");
                messages.send("pong");
            });
            System.out.println(messages.receive() + " " + messages.receive());
        }

        // Range and close: the loop ends when the channel is closed and drained.
        Channel<Integer> jobs = Channel.buffered(5);
        Channels.go(() -> {
            for (int j = 1; j <= 3; j++) {
                jobs.send(j);
            }
            jobs.close();
        });
        for (int job : jobs) {
            System.out.println("received job " + job);
        }

        // Select with a timeout: whichever comes first.
        Channel<String> slow = Channel.rendezvous();
        Channels.go(() -> {
            Thread.sleep(200);
            slow.send("result");
        });
        String first = Select.<String>fair()
                .onReceive(slow, r -> r)
                .onTimeout(Duration.ofMillis(50), () -> "timeout")
                .await();
        System.out.println(first);

        // Pipeline: generate, square, sum; each stage on its own virtual thread.
        ReceiveChannel<Integer> numbers = Channels.produce(16, out -> {
            for (int i = 1; i <= 10; i++) {
                out.send(i);
            }
        });
        ReceiveChannel<Integer> squares = Channels.produce(16, out -> {
            for (int n : numbers) {
                out.send(n * n);
            }
        });
        System.out.println("sum of squares 1..10 = " + squares.stream().mapToInt(Integer::intValue).sum());
    }
}
