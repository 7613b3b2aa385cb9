package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SEMANTICS.md's Go programs: range pipeline, daisy chain, prime sieve. */
class GoScenariosTest {

    /**
     * 23 workers range over a buffered channel and forward to a second one; the feeder closes the
     * first, waits for the workers, closes the second; count and sum of 271,828 values are exact.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void rangePipeline(int capacity) throws Exception {
        int n = 271_828;
        Channel<Integer> first = Kinds.channel(capacity);
        Channel<Integer> second = Kinds.channel(capacity);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 23; w++) {
            workers.add(Channels.go(() -> {
                for (int v : first) {
                    second.send(v);
                }
            }));
        }
        Thread feeder = Channels.go(() -> {
            for (int i = 1; i <= n; i++) {
                first.send(i);
            }
            first.close();
            for (Thread worker : workers) {
                worker.join();
            }
            second.close();
        });
        long count = 0;
        long sum = 0;
        for (int v : second) {
            count++;
            sum += v;
        }
        feeder.join();
        assertThat(count).isEqualTo(n);
        assertThat(sum).isEqualTo((long) n * (n + 1) / 2);
        assertThat(first.isDrained()).isTrue();
        assertThat(second.isDrained()).isTrue();
    }

    /** 10,000 virtual threads linked by rendezvous channels pass one value end to end. */
    @Test
    void daisyChain() throws Exception {
        int n = 10_000;
        Channel<Integer> leftmost = Channel.rendezvous();
        Channel<Integer> left = leftmost;
        for (int i = 0; i < n; i++) {
            Channel<Integer> right = Channel.rendezvous();
            Channel<Integer> from = right;
            Channel<Integer> to = left;
            Channels.go(() -> to.send(1 + from.receive()));
            left = right;
        }
        Channel<Integer> rightmost = left;
        Channels.go(() -> rightmost.send(1));
        assertThat(leftmost.receive()).isEqualTo(n + 1);
    }

    /**
     * Go's concurrent prime sieve: a generator and a pipeline of filter threads. Here the generator
     * stops at 541 (the 100th prime) and closes its channel, and each filter closes its output when
     * its input is drained, so the whole pipeline winds down on its own.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void primeSieve(int capacity) throws Exception {
        Channel<Integer> numbers = Kinds.channel(capacity);
        Channels.go(() -> {
            for (int i = 2; i <= 541; i++) {
                numbers.send(i);
            }
            numbers.close();
        });
        List<Thread> filters = new ArrayList<>();
        ReceiveChannel<Integer> ch = numbers;
        List<Integer> primes = new ArrayList<>();
        while (primes.size() < 100) {
            int prime = ch.receive();
            primes.add(prime);
            ReceiveChannel<Integer> in = ch;
            Channel<Integer> out = Kinds.channel(capacity);
            filters.add(Channels.go(() -> {
                for (int v : in) {
                    if (v % prime != 0) {
                        out.send(v);
                    }
                }
                out.close();
            }));
            ch = out;
        }
        for (int leftover : ch) {
            primes.add(leftover); // nothing: 541 is the last number generated
        }
        for (Thread filter : filters) {
            filter.join();
        }
        assertThat(primes).hasSize(100).startsWith(2, 3, 5, 7, 11, 13).endsWith(523, 541);
        for (int p : primes) {
            for (int d = 2; d * d <= p; d++) {
                assertThat(p % d).as("%d is prime", p).isNotZero();
            }
        }
    }
}
