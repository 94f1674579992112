package io.replicalab.singleleader;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.replicalab.api.ReplicationBackend;

/** Guice wiring of the single-leader backend: contributes it to the map of backends selectable by {@code backend: single-leader}. */
public final class SingleLeaderBackendModule extends AbstractModule {
    public static final String NAME = SingleLeaderBackend.NAME;

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, ReplicationBackend.class)
                .addBinding(NAME).to(SingleLeaderBackend.class);
    }
}
