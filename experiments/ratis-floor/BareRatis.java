import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

/**
 * The floor of a Ratis 3.3.0 write on this machine, without ReplicaLab: three bare Ratis servers (each its own JVM,
 * gRPC, log forced, no metadata entries, the same appender retry policy as the raft backend) whose state machine
 * does nothing but advance its applied index, and one blocking {@code RaftClient} writing 100-byte messages, one in
 * flight. If this floor is as slow as the raft backend, the gap to etcd at 1 in flight is Ratis's, not ours.
 *
 * <pre>
 *   java -XX:TieredStopAtLevel=1 -cp cli/target/replicalab.jar experiments/ratis-floor/BareRatis.java [WARMUP_S] [DURATION_S]
 * </pre>
 * Node JVMs get {@code NODE_JVM_OPTS} (default {@code -XX:TieredStopAtLevel=1}); {@code RATIS_PROPS="key=value;..."} sets
 * more Ratis server properties, to try whether any of them lowers the floor.
 */
public class BareRatis {
    private static final RaftGroupId GROUP = RaftGroupId.valueOf(UUID.fromString("5e1a3a11-0000-4000-8000-000000000001"));

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("server")) {
            server(args[1], args[2], Path.of(args[3]));
            return;
        }
        int warmupS = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int durationS = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        bench(warmupS, durationS);
    }

    /** Peers as "id=host:port,..." */
    private static RaftGroup group(String peers) {
        List<RaftPeer> list = new ArrayList<>();
        for (String p : peers.split(",")) {
            String[] kv = p.split("=");
            list.add(RaftPeer.newBuilder().setId(kv[0]).setAddress(kv[1]).build());
        }
        return RaftGroup.valueOf(GROUP, list);
    }

    private static void server(String id, String peers, Path dir) throws Exception {
        RaftGroup group = group(peers);
        RaftPeer self = group.getPeer(RaftPeerId.valueOf(id));
        RaftProperties p = new RaftProperties();
        GrpcConfigKeys.Server.setPort(p, Integer.parseInt(self.getAddress().split(":")[1]));
        RaftServerConfigKeys.setStorageDir(p, List.of(dir.toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(150, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(600, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Log.Appender.setRetryPolicy(p, "1ms,10, 100ms,100000");
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        // More Ratis properties to try, "key=value;key=value" (e.g. raft.server.log.appender.wait-time.min=0ms).
        for (String kv : System.getenv().getOrDefault("RATIS_PROPS", "").split(";")) {
            if (!kv.isBlank()) {
                p.set(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
            }
        }
        RaftServer server = RaftServer.newBuilder().setServerId(self.getId()).setGroup(group).setProperties(p)
                .setStateMachine(new AppliedIndexOnly()).setOption(RaftStorage.StartupOption.FORMAT).build();
        server.start();
        System.out.println("ready " + id);
        Thread.currentThread().join();
    }

    /** Applies nothing: the cheapest state machine Ratis allows. */
    static final class AppliedIndexOnly extends BaseStateMachine {
        @Override
        public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
            LogEntryProto e = trx.getLogEntry();
            updateLastAppliedTermIndex(TermIndex.valueOf(e));
            return CompletableFuture.completedFuture(Message.EMPTY);
        }

        @Override
        public CompletableFuture<Message> query(Message request) {
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
    }

    private static void bench(int warmupS, int durationS) throws Exception {
        Path work = Files.createTempDirectory("bare-ratis");
        List<Process> servers = new ArrayList<>();
        try {
            StringBuilder peers = new StringBuilder();
            for (int i = 1; i <= 3; i++) {
                int port;
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                peers.append(peers.length() == 0 ? "" : ",").append("s").append(i).append("=127.0.0.1:").append(port);
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            String jit = System.getenv().getOrDefault("NODE_JVM_OPTS", "-XX:TieredStopAtLevel=1");
            String source = Path.of(System.getProperty("jdk.launcher.sourcefile", "experiments/ratis-floor/BareRatis.java")).toString();
            for (int i = 1; i <= 3; i++) {
                List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC"));
                cmd.addAll(Arrays.asList(jit.trim().split("\\s+")));
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), source, "server", "s" + i,
                        peers.toString(), work.resolve("s" + i).toString()));
                servers.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(work.resolve("s" + i + ".log").toFile()).start());
            }
            RaftClient client = RaftClient.newBuilder().setRaftGroup(group(peers.toString()))
                    .setProperties(new RaftProperties()).build();
            byte[] value = new byte[100];
            Arrays.fill(value, (byte) 'x');
            Message m = Message.valueOf(ByteString.copyFrom(value));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    if (client.io().send(m).isSuccess()) {
                        break;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
            run(client, m, warmupS);
            long[] lat = run(client, m, durationS);
            Arrays.sort(lat);
            System.out.printf("bare ratis writes: %,d ops/s (%d in %d s) p50=%.2fms p99=%.2fms (1 in flight, 100-byte values)%n",
                    lat.length / durationS, lat.length, durationS, lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6);
            client.close();
        } finally {
            servers.forEach(Process::destroyForcibly);
            for (Process s : servers) {
                s.waitFor();
            }
            try (var files = Files.walk(work)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static long[] run(RaftClient client, Message m, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long[] lat = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            RaftClientReply r = client.io().send(m);
            if (!r.isSuccess()) {
                throw new IllegalStateException("write failed: " + r);
            }
            if (n == lat.length) {
                lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = System.nanoTime() - t;
        }
        return Arrays.copyOf(lat, n);
    }
}
