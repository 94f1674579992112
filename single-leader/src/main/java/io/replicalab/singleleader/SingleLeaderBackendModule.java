package io.replicalab.singleleader;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.replicalab.api.ReplicationBackend;
import io.replicalab.node.PendingBackend;

/** Guice wiring of the single-leader backend: contributes it to the map of backends selectable by {@code backend: single-leader}. */
public final class SingleLeaderBackendModule extends AbstractModule {
    public static final String NAME = "single-leader";

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, ReplicationBackend.class)
                .addBinding(NAME).toInstance(new PendingBackend(NAME, "issue #7"));
    }
}
