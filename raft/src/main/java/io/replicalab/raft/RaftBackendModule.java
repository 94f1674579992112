package io.replicalab.raft;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.replicalab.api.ReplicationBackend;

/** Guice wiring of the raft backend: contributes it to the map of backends selectable by {@code backend: raft}. */
public final class RaftBackendModule extends AbstractModule {
    public static final String NAME = RaftBackend.NAME;

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, ReplicationBackend.class)
                .addBinding(NAME).to(RaftBackend.class);
    }
}
