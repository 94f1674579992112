package io.replicalab.leaderless;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.replicalab.api.ReplicationBackend;

/** Guice wiring of the leaderless backend: contributes it to the map of backends selectable by {@code backend: leaderless}. */
public final class LeaderlessBackendModule extends AbstractModule {
    public static final String NAME = LeaderlessBackend.NAME;

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, ReplicationBackend.class)
                .addBinding(NAME).to(LeaderlessBackend.class);
    }
}
