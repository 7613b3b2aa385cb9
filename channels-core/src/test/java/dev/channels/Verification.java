package dev.channels;

import java.util.Locale;

/**
 * Knobs of the verification suite (the Lincheck, stress, leak, close-race and fairness tests).
 *
 * <p>By default every test runs its short form, sized for CI. {@code -Dchannels.verify.long=true}
 * runs the long form: more iterations, more operations, more seeds. A single knob can also be set
 * by its own property, e.g. {@code -Dchannels.verify.stress.ops=1000000}. Random tests print their
 * seed and take {@code -Dchannels.verify.seed=<seed>} to replay the same random choices (as far as
 * thread scheduling allows).
 *
 * <p>The long form may run longer than the suite's default per-test timeout; raise it with
 * {@code -Djunit.jupiter.execution.timeout.default=60m}.
 */
public final class Verification {
    /** Whether the long form runs. */
    public static final boolean LONG = Boolean.getBoolean("channels.verify.long");

    private Verification() {
    }

    /**
     * A knob: the property {@code channels.verify.<name>} if set, else the short or long default.
     *
     * @param name the knob's name, e.g. {@code lincheck.iterations}
     * @param shortValue the value in CI
     * @param longValue the value with {@code -Dchannels.verify.long=true}
     * @return the value to use
     */
    public static int knob(String name, int shortValue, int longValue) {
        return Integer.getInteger("channels.verify." + name, LONG ? longValue : shortValue);
    }

    /**
     * The seed for a random test: {@code -Dchannels.verify.seed} if given, else a fresh one.
     * Printed, so that a failing run can be replayed.
     *
     * @param test the test's name, printed with the seed
     * @return the seed
     */
    public static long seed(String test) {
        String given = System.getProperty("channels.verify.seed");
        long seed = given != null ? Long.decode(given) : System.nanoTime() ^ Double.doubleToLongBits(Math.random());
        System.out.printf(Locale.ROOT, "[verify] %s: seed %d (replay with -Dchannels.verify.seed=%d)%n", test, seed, seed);
        return seed;
    }

    /**
     * The name and state of each thread still alive, for the message of a test that found a hang.
     * (Stack traces of virtual threads are left out: taking them from a spinning virtual thread
     * has crashed the JDK 25 VM.)
     *
     * @param threads the threads
     * @return e.g. {@code [stress-3 RUNNABLE, stress-5 WAITING]}
     */
    public static String states(java.util.Collection<Thread> threads) {
        return threads.stream().filter(Thread::isAlive).map(t -> t.getName() + (t.isVirtual() ? " (virtual) " : " ")
                + t.getState()).toList().toString();
    }

    /**
     * Prints a figure for the closing report of a verification run.
     *
     * @param test the test's name
     * @param format what to print, as for {@link String#format}
     * @param args its arguments
     */
    public static void report(String test, String format, Object... args) {
        System.out.printf(Locale.ROOT, "[verify] %s: %s%n", test, String.format(Locale.ROOT, format, args));
    }
}
