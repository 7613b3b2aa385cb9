package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * A fair select picks uniformly among its ready clauses, as a statistical test: the counts of
 * many selects must be within 10 standard deviations of even for each clause (a fair select
 * fails that with a probability of about 1e-23 per clause), and pass a chi-square test at a
 * significance of 1e-12. So the five tests together fail a fair select with a probability below
 * 1e-11, on any machine and under any load: the picks come from a random number generator, not
 * from timing. A select that favours one clause by a few percent fails them. (The two-channel
 * case with 10,000 selects is in {@link SelectTest}.)
 *
 * <p>Knob: {@code channels.verify.fairness.selects} (selects per test).
 */
public class ChannelFairnessTest {
    static final int SELECTS = Verification.knob("fairness.selects", 30_000, 1_000_000);

    /** Chi-square critical values at p = 1e-12, by degrees of freedom (the chi-square distribution's upper quantile). */
    private static double critical(int degreesOfFreedom) {
        return switch (degreesOfFreedom) {
            case 1 -> 50.84;
            case 2 -> 55.26;
            case 9 -> 76.01;
            default -> throw new IllegalArgumentException("no critical value for " + degreesOfFreedom);
        };
    }

    /** Runs {@code n} selects, each returning a clause index, and checks the counts. */
    private static void assertUniform(String what, int clauses, int n, IntSupplier select) {
        long[] counts = new long[clauses];
        for (int i = 0; i < n; i++) {
            counts[select.getAsInt()]++;
        }
        double expected = (double) n / clauses;
        double p = 1.0 / clauses;
        double sigma = Math.sqrt(n * p * (1 - p));
        double chiSquare = 0;
        for (long c : counts) {
            chiSquare += (c - expected) * (c - expected) / expected;
            assertThat((double) c).as("%s: counts %s, each within 10 sigma (%.1f) of %.1f", what, Arrays.toString(counts),
                    sigma, expected).isBetween(expected - 10 * sigma, expected + 10 * sigma);
        }
        assertThat(chiSquare).as("%s: chi-square of %s", what, Arrays.toString(counts)).isLessThan(critical(clauses - 1));
        Verification.report("fairness " + what, "%d selects over %d clauses: %s, chi-square %.2f", n, clauses,
                Arrays.toString(counts), chiSquare);
    }

    private static Channel<Integer> full(int values) {
        Channel<Integer> ch = Channel.unlimited();
        for (int i = 0; i < values; i++) {
            ch.trySend(0); // one shared boxed value: a long run holds millions of them
        }
        return ch;
    }

    @Test
    void threeReadyChannelsArePickedEvenly() {
        List<Channel<Integer>> channels = List.of(full(SELECTS), full(SELECTS), full(SELECTS));
        Select<Integer> select = Select.<Integer>fair()
                .onReceive(channels.get(0), v -> 0)
                .onReceive(channels.get(1), v -> 1)
                .onReceive(channels.get(2), v -> 2);
        assertUniform("three receive clauses", 3, SELECTS, () -> await(select));
    }

    @Test
    void tenReadyChannelsArePickedEvenly() {
        Select<Integer> select = Select.fair();
        for (int c = 0; c < 10; c++) {
            int clause = c;
            select.onReceive(full(SELECTS), v -> clause);
        }
        assertUniform("ten receive clauses", 10, SELECTS, () -> await(select));
    }

    @Test
    void aReadySendAndAReadyReceiveArePickedEvenly() {
        Channel<Integer> in = full(SELECTS);
        Channel<Integer> out = Channel.unlimited();
        Select<Integer> select = Select.<Integer>fair()
                .onReceive(in, v -> 0)
                .onSend(out, 1, () -> 1);
        assertUniform("a send and a receive clause", 2, SELECTS, () -> await(select));
    }

    @Test
    void twoClausesOnTheSameChannelArePickedEvenly() {
        Channel<Integer> ch = full(SELECTS);
        Select<Integer> select = Select.<Integer>fair()
                .onReceive(ch, v -> 0)
                .onReceive(ch, v -> 1);
        assertUniform("two receive clauses on one channel", 2, SELECTS, () -> await(select));
    }

    @Test
    void aClosedChannelIsReadyAndPickedAsOftenAsAnOpenOne() {
        Channel<Integer> open = full(SELECTS);
        Channel<Integer> closed = Channel.buffered(1);
        closed.close();
        Select<Integer> select = Select.<Integer>fair()
                .onReceive(open, v -> 0)
                .onReceive(closed, v -> 1, () -> 1);
        assertUniform("an open and a closed channel", 2, SELECTS, () -> await(select));
    }

    private static int await(Select<Integer> select) {
        try {
            return select.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
