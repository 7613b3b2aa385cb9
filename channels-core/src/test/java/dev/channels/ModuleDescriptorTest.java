package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compiled module {@code dev.channels}, loaded in a module layer of its own (the tests run on
 * the class path): it exports the API and nothing else, needs only {@code java.base}, and code
 * outside it can use the API but not reach the engine.
 */
class ModuleDescriptorTest {

    @Test
    void theModuleExportsOnlyTheApiAndReadsOnlyJavaBase() throws Exception {
        Path classes = Path.of(Channel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleFinder finder = ModuleFinder.of(classes);
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration().resolve(finder, ModuleFinder.of(), Set.of("dev.channels"));
        ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
        Module module = layer.findModule("dev.channels").orElseThrow();
        ModuleDescriptor descriptor = module.getDescriptor();

        assertThat(descriptor.exports()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("dev.channels");
            assertThat(e.isQualified()).as("exported to everyone").isFalse();
        });
        assertThat(descriptor.opens()).isEmpty();
        assertThat(descriptor.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()))
                .containsExactly("java.base");
        assertThat(descriptor.packages()).containsExactlyInAnyOrder("dev.channels", "dev.channels.internal");
        assertThat(module.isExported("dev.channels")).isTrue();
        assertThat(module.isExported("dev.channels.internal")).isFalse();

        // the API works from outside the module; the engine cannot be reached
        ClassLoader loader = layer.findLoader("dev.channels");
        Class<?> channels = loader.loadClass("dev.channels.Channel");
        Object channel = channels.getMethod("buffered", int.class).invoke(null, 1);
        assertThat(channels.getMethod("trySend", Object.class).invoke(channel, "x")).isEqualTo(true);
        assertThat(channels.getMethod("size").invoke(channel)).isEqualTo(1);
        Class<?> engine = loader.loadClass("dev.channels.internal.ChannelCore");
        assertThat(engine.getModule()).isSameAs(module);
        assertThatThrownBy(() -> engine.getMethod("id").invoke(engine.getConstructors()[0]
                .newInstance(0, null, null))).isInstanceOf(IllegalAccessException.class);
    }
}
