package dev.channels.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** For tests: an observation registry's handler that keeps the context of every observation that stopped. */
public final class RecordedObservations implements ObservationHandler<Observation.Context> {
    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

    /** A registry that observes, with a new recorder as its handler. */
    public static ObservationRegistry registry(RecordedObservations recorder) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(recorder);
        return registry;
    }

    @Override
    public void onStop(Observation.Context context) {
        stopped.add(context);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return true;
    }

    /** The contexts of the observations stopped so far, in the order they stopped. */
    public List<Observation.Context> stopped() {
        return List.copyOf(stopped);
    }

    /** Those named {@code name}. */
    public List<Observation.Context> named(String name) {
        return stopped.stream().filter(context -> name.equals(context.getName())).toList();
    }
}
