package dev.channels;

import java.io.Closeable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import kotlin.Unit;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.kotlinx.lincheck.strategy.Strategy;
import org.jetbrains.kotlinx.lincheck.strategy.StrategyKt;
import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.LincheckKt;
import org.jetbrains.lincheck.LincheckSettings;
import org.jetbrains.lincheck.NoExceptionVerifier;
import org.jetbrains.lincheck.datastructures.ManagedCTestConfiguration;
import org.jetbrains.lincheck.datastructures.ModelCheckingCTestConfiguration;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.jvm.agent.LincheckInstrumentation;

/**
 * Lincheck's general-purpose model checker ({@link Lincheck#runConcurrentTest(int, Runnable)}),
 * with a bound on the wall-clock time of one interleaving that a loaded machine cannot reach.
 *
 * <p>{@code runConcurrentTest} gives each interleaving 30 s and reports "Concurrent test has hung"
 * beyond that. Its scheduler hands control from thread to thread at every shared access, and each
 * hand-over needs the operating system to run the thread whose turn it is: on two cores busy with
 * a dozen other processes, an interleaving that takes 40 ms alone took over 30 s, and three select
 * cases failed without any fault in the channel. The verdict must not depend on the machine's load,
 * so this runs the same exploration (the same settings, verifier and strategy) with a bound that
 * only catches a real hang; JUnit's timeout of the whole test stays above it.
 *
 * <p>It uses Lincheck 3.7's own steps, some of them internal; a Lincheck upgrade must check that
 * {@code runConcurrentTestInternal} still does what {@link #run} does.
 */
final class ModelChecker {
    /** Longer than any interleaving takes under load; a real hang still fails the test. */
    static final Duration INTERLEAVING_BOUND = Duration.ofMinutes(5);

    private ModelChecker() {
    }

    /** Explores {@code invocations} interleavings of the threads {@code block} starts. */
    static void run(int invocations, Runnable block) {
        LincheckSettings settings = LincheckSettings.Companion.getDEFAULT();
        ModelCheckingOptions options = new ModelCheckingOptions();
        options.analyzeStdLib$lincheck(settings.getAnalyzeStdLib());
        options.loopBound(settings.getLoopBound());
        options.recursionBound(settings.getRecursionBound());
        options.loopIterationsBeforeThreadSwitch(settings.getLoopIterationsBeforeThreadSwitch());
        options.invocationTimeout$lincheck(INTERLEAVING_BOUND.toMillis());
        ModelCheckingCTestConfiguration configuration = options.createTestConfigurations(block.getClass());
        LincheckKt.withLincheckTestContext(configuration.getInstrumentationMode$lincheck(), () -> {
            LincheckInstrumentation.INSTANCE.ensureObjectIsTransformed(block);
            explore(invocations, configuration, block);
            return Unit.INSTANCE;
        });
    }

    private static void explore(int invocations, ModelCheckingCTestConfiguration configuration, Runnable block) {
        LincheckFailure failure;
        try (Closeable strategy = createStrategy(configuration, block)) {
            failure = StrategyKt.runIteration((Strategy) strategy, invocations, new NoExceptionVerifier());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("closing Lincheck's strategy failed", e);
        }
        if (failure != null) {
            throw new LincheckAssertionError(failure);
        }
    }

    private static Closeable createStrategy(ModelCheckingCTestConfiguration configuration, Runnable block) {
        try {
            Method create = Lincheck.class.getDeclaredMethod("createStrategy", ManagedCTestConfiguration.class,
                    Runnable.class);
            create.setAccessible(true);
            return (Closeable) create.invoke(Lincheck.INSTANCE, configuration, block);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Lincheck could not create its model checker", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Lincheck version has no createStrategy(configuration, "
                    + "block): compare ModelChecker with its runConcurrentTestInternal", e);
        }
    }
}
