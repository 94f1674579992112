package io.replicalab.cli;

import com.google.inject.AbstractModule;
import io.replicalab.leaderless.LeaderlessBackendModule;
import io.replicalab.raft.RaftBackendModule;
import io.replicalab.singleleader.SingleLeaderBackendModule;

/** Installs every backend; {@link BackendSelector} then picks one by name. */
public final class ReplicaLabModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new LeaderlessBackendModule());
        install(new RaftBackendModule());
        install(new SingleLeaderBackendModule());
    }
}
