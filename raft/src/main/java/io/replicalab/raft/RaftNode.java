package io.replicalab.raft;

import io.replicalab.node.applylog.ApplyLogEntry;
import io.replicalab.api.AdjustableClock;
import io.replicalab.api.FaultControl;
import io.replicalab.api.ReplicaServer;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.FsyncPolicy;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.node.LocalFaultControl;
import io.replicalab.node.NodeDataDir;
import io.replicalab.node.NodeStartException;
import io.replicalab.node.admin.AdminServer;
import io.replicalab.node.admin.NodeStatus;
import io.replicalab.node.rpc.LinkFaults;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.ExitUtils;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of the Raft backend: a Ratis {@link RaftServer} (gRPC, its own {@link RaftProperties})
 * serving {@link KvStateMachine}, its locked data dir, its link faults and clock, and an admin endpoint.
 *
 * <p>The Raft log and snapshots live under {@code <storage.dir>/<id>/raft}; the node dir is locked with
 * {@link NodeDataDir} first, so two nodes on one dir fail with a clear error before any port opens.
 * Ratis forces ({@code fsync}) its log before a follower acknowledges and before the leader counts
 * itself in the commit quorum; it cannot be turned off, so {@code storage.fsync} other than
 * {@code always} is reported in the status and otherwise ignored.
 */
public final class RaftNode implements ReplicaServer {
    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

    private final ClusterSpec spec;
    private final NodeSpec self;
    private final NodeDataDir dataDir;
    private final RaftServer server;
    private final KvStateMachine stateMachine;
    private final LinkFaults linkFaults;
    private final LocalFaultControl faults;
    private final AdjustableClock clock;
    private final AdminServer admin;
    private final long startedNanos = System.nanoTime();
    private volatile boolean closed;

    private RaftNode(ClusterSpec spec, NodeSpec self, NodeDataDir dataDir, RaftServer server, KvStateMachine stateMachine,
                     LinkFaults linkFaults, LocalFaultControl faults, AdjustableClock clock, AdminServer admin) {
        this.spec = spec;
        this.self = self;
        this.dataDir = dataDir;
        this.server = server;
        this.stateMachine = stateMachine;
        this.linkFaults = linkFaults;
        this.faults = faults;
        this.clock = clock;
        this.admin = admin;
    }

    /**
     * Starts node {@code nodeId}, recovering its Raft log and latest snapshot from its dir.
     *
     * @throws NodeStartException with a one-line, actionable message (port in use, dir locked or corrupt)
     */
    public static RaftNode start(ClusterSpec spec, String nodeId) {
        ExitUtils.disableSystemExit(); // Ratis must never end the JVM from inside a library call
        RaftOptions options = RaftOptions.from(spec);
        NodeSpec self = spec.requireNode(nodeId);
        NodeDataDir dataDir = NodeDataDir.open(spec.storage().nodeDir(nodeId), spec.name(), nodeId);
        RaftServer server = null;
        AdminServer admin = null;
        LinkFaults linkFaults = new LinkFaults();
        try {
            checkPortFree(self);
            AdjustableClock clock = AdjustableClock.system();
            LocalFaultControl faults = new LocalFaultControl(nodeId, linkFaults, clock);
            KvStateMachine sm = new KvStateMachine(nodeId, clock, options.applyLogCapacity());
            RaftGroupId groupId = RaftGroups.groupId(spec);
            server = RaftServer.newBuilder()
                    .setServerId(RaftGroups.peerId(nodeId))
                    .setGroup(RaftGroups.group(spec))
                    .setStateMachine(sm)
                    .setProperties(properties(self, options, dataDir))
                    .setParameters(parameters(options))
                    .setOption(RaftStorage.StartupOption.RECOVER)
                    .build();
            RatisLinkFaults.register(nodeId, linkFaults);
            startServer(server, self);
            RaftNode[] holder = new RaftNode[1];
            admin = AdminServer.start(nodeId, spec.admin(), self.adminPort(), faults, () -> holder[0].status());
            RaftNode node = new RaftNode(spec, self, dataDir, server, sm, linkFaults, faults, clock, admin);
            holder[0] = node;
            admin.addResource("apply-log", q -> sm.applyLog(Long.parseLong(q.getOrDefault("from", "0"))));
            admin.addResource("leader-events", q -> node.events());
            if (!(spec.storage().fsyncPolicy() instanceof FsyncPolicy.Always)) {
                LOG.warn("{}: storage.fsync={} is ignored by the raft backend: Ratis always forces its log",
                        nodeId, spec.storage().fsync());
            }
            LOG.info("raft node {} serving on {}:{} (group {}), admin on {}, log in {}", nodeId, self.host(), self.port(),
                    groupId, admin.localAddress(), dataDir.subdir("raft"));
            return node;
        } catch (RuntimeException | IOException e) {
            RatisLinkFaults.unregister(nodeId, linkFaults);
            if (admin != null) {
                admin.close();
            }
            closeQuietly(server);
            dataDir.close();
            if (e instanceof NodeStartException n) {
                throw n;
            }
            if (isStorageFailure(e)) {
                throw new NodeStartException("raft storage of " + nodeId + " in " + dataDir.subdir("raft")
                        + " cannot be recovered (" + oneLine(rootCause(e)) + "): wipe that dir and start the node again;"
                        + " it catches up from the other nodes", e);
            }
            throw new NodeStartException("raft node " + nodeId + " failed to start: " + oneLine(e), e);
        }
    }

    private static RaftProperties properties(NodeSpec self, RaftOptions o, NodeDataDir dataDir) {
        RaftProperties p = new RaftProperties();
        GrpcConfigKeys.Server.setHost(p, self.host());
        GrpcConfigKeys.Server.setPort(p, self.port());
        RaftServerConfigKeys.setStorageDir(p, List.of(dataDir.subdir("raft").toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(o.electionTimeoutMinMs(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(o.electionTimeoutMaxMs(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        // Off by default: a lease read trusts that no other leader can exist for 0.9 x the minimum election timeout
        // after a majority answered a heartbeat (measured on System.nanoTime, see RaftOptions#readLease).
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, o.readLease());
        // A lost follower is retried every 100 ms (after 10 quick retries), not backed off to 5 s:
        // a healed or restarted follower then catches up within ~100 ms (see shared/notes/ratis.md).
        RaftServerConfigKeys.Log.Appender.setRetryPolicy(p, "1ms,10, 100ms,100000");
        // No "metadata" entries: by default Ratis appends (and replicates, and forces) one extra log entry that
        // records the commit index after every commit, i.e. two entries, two AppendEntries rounds and two
        // fsyncs per write. Raft does not need the commit index on disk (a restarted node learns it from the
        // leader); measured: p50 of one write 3.8 -> 2.5 ms in one JVM, half the log worker's CPU.
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        // Ratis 3.3.0 by default makes a follower write an AppendEntries' entries only after the previous ones are
        // forced, with a hop to the common pool in between (RATIS-2235): one more fsync wait and hop per write at 1 in
        // flight, no pipelining above. Off (RATIS-2387's switch, as Apache Ozone sets it), appends go straight to the
        // log worker's ordered queue; the log still truncates a conflicting suffix before appending (Raft §5.3).
        RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(p, o.appendEntriesCompose());
        RaftServerConfigKeys.Log.setSegmentCacheSizeMax(p, SizeInBytes.valueOf(o.segmentCacheSizeMb() + "MB"));
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(o.segmentSizeKb() + "KB"));
        RaftServerConfigKeys.Log.setPurgeGap(p, o.logPurgeGap());
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, o.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setCreationGap(p, Math.min(1024L, o.snapshotThreshold()));
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        return p;
    }

    private static Parameters parameters(RaftOptions o) {
        Parameters p = new Parameters();
        if (o.grpcDirectExecutor()) {
            // gRPC hands every received message from the Netty event loop to its executor by default; Ratis's
            // handlers do not block (they queue work for the log worker and complete futures), so they can run
            // on the event loop itself. A delay fault in RatisLinkFaults then sleeps on the event loop.
            GrpcConfigKeys.Server.setServicesCustomizer(p, (builder, types) -> builder.directExecutor());
        }
        return p;
    }

    /** A corrupt Raft log segment or snapshot, as Ratis and {@link KvStateMachine} report them. */
    private static boolean isStorageFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String name = c.getClass().getSimpleName();
            String message = String.valueOf(c.getMessage());
            if (name.equals("ChecksumException") || name.equals("CorruptedFileException")
                    || message.contains("initRaftLog") || message.contains("snapshot") && message.contains("corrupt")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String oneLine(Throwable e) {
        return (e.getClass().getSimpleName() + ": " + e.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    }

    /** gRPC's own bind failure goes through ExitUtils; checking first gives the user a plain message. */
    private static void checkPortFree(NodeSpec self) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(self.host()), self.port()));
        } catch (IOException e) {
            throw bindFailure(self, e);
        }
    }

    private static NodeStartException bindFailure(NodeSpec self, Throwable e) {
        return new NodeStartException("cannot listen on " + self.host() + ":" + self.port() + " (port of " + self.id()
                + "): " + e.getMessage() + ": pick a free port in the config or stop the process using it", e);
    }

    private static void startServer(RaftServer server, NodeSpec self) throws IOException {
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof BindException) {
                    throw bindFailure(self, c);
                }
            }
            if (e instanceof ExitUtils.ExitException) {
                throw bindFailure(self, e);
            }
            throw e;
        }
    }

    @Override
    public String nodeId() {
        return self.id();
    }

    @Override
    public FaultControl faults() {
        return faults;
    }

    public RaftServer server() {
        return server;
    }

    /** This replica's apply log since it started (see {@link ApplyLogEntry}). */
    public List<ApplyLogEntry> applyLog() {
        return stateMachine.applyLog();
    }

    /** Leader and term changes this replica saw, in order. */
    public List<RaftEvent> events() {
        return stateMachine.events();
    }

    public boolean isLeader() {
        DivisionInfo info = info();
        return info != null && info.isLeader();
    }

    public long term() {
        DivisionInfo info = info();
        return info == null ? -1 : info.getCurrentTerm();
    }

    /** Index of the last entry this replica applied, -1 when unknown. */
    public long appliedIndex() {
        DivisionInfo info = info();
        return info == null ? -1 : info.getLastAppliedIndex();
    }

    /** The local, possibly stale value of {@code key} (tests and experiments). */
    public byte[] localValue(String key) {
        return stateMachine.localValue(key);
    }

    public String incarnation() {
        return dataDir.incarnation();
    }

    private DivisionInfo info() {
        try {
            return server.getDivision(RaftGroups.groupId(spec)).getInfo();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public NodeStatus status() {
        Map<String, Object> details = new LinkedHashMap<>();
        DivisionInfo info = info();
        if (info != null) {
            details.put("role", info.getCurrentRole().name().toLowerCase(java.util.Locale.ROOT));
            details.put("term", info.getCurrentTerm());
            details.put("leader", info.getLeaderId() == null ? null : info.getLeaderId().toString());
            details.put("applied-index", info.getLastAppliedIndex());
        }
        details.put("keys", stateMachine.size());
        details.put("apply-log-dropped", stateMachine.applyLogDropped());
        RaftOptions options = RaftOptions.from(spec);
        details.put("election-timeout-ms", options.electionTimeoutMinMs() + "-" + options.electionTimeoutMaxMs());
        details.put("log-fsync", "always (Ratis forces its log; storage.fsync=" + spec.storage().fsync() + ")");
        return new NodeStatus(self.id(), RaftBackend.NAME, ProcessHandle.current().pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos), clock.offset().toMillis(),
                "ratis log in " + dataDir.subdir("raft"), faults.linkFaults(), details);
    }

    /** Graceful stop: admin endpoint, then the Raft server (which may take a snapshot), then the dir lock. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close();
        closeQuietly(server);
        RatisLinkFaults.unregister(self.id(), linkFaults);
        dataDir.close();
        LOG.info("raft node {} stopped", self.id());
    }

    private static void closeQuietly(RaftServer server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing raft server {} failed", server.getId(), e);
        }
    }
}
