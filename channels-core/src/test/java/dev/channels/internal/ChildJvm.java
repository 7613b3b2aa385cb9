package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's scenario in a JVM of its own, for what one JVM can be set up for only once: a small
 * heap, a virtual-thread scheduler with one carrier. The child runs {@code main} on this test run's
 * class path with the same java command.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * Runs {@code main} with {@code jvmOptions} and {@code args}, and checks that it exited with
     * status 0 within a minute.
     *
     * @return what the child printed, standard output and error together
     */
    static String run(Class<?> main, List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = child.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM finished").isTrue();
        assertThat(child.exitValue()).as("exit status; output:%n%s", output).isZero();
        return output;
    }
}
