package io.replicalab.experiments.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.ClusterSpecLoader;
import io.replicalab.api.config.NodeSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link ClusterSpec} as the YAML that {@link ClusterSpecLoader#load} reads back (kebab-case
 * keys, as in {@code examples/}). Built field by field rather than by serializing the records, so no
 * derived accessor (such as {@code AdminSpec.isLoopback()}) leaks into the file.
 */
public final class ClusterSpecYaml {
    private ClusterSpecYaml() {
    }

    public static String toYaml(ClusterSpec spec) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("name", spec.name());
        root.put("backend", spec.backend());
        ObjectNode replication = root.putObject("replication");
        putIfSet(replication, "factor", spec.replication().factor());
        putIfSet(replication, "read-quorum", spec.replication().readQuorum());
        putIfSet(replication, "write-quorum", spec.replication().writeQuorum());
        ObjectNode storage = root.putObject("storage");
        storage.put("engine", spec.storage().engine());
        if (spec.storage().dir() != null) {
            storage.put("dir", spec.storage().dir().toAbsolutePath().toString());
        }
        storage.put("fsync", spec.storage().fsync());
        ObjectNode rpc = root.putObject("rpc");
        rpc.put("max-frame-bytes", spec.rpc().maxFrameBytes());
        rpc.put("request-timeout-ms", spec.rpc().requestTimeoutMs());
        rpc.put("connect-timeout-ms", spec.rpc().connectTimeoutMs());
        rpc.put("max-value-bytes", spec.rpc().maxValueBytes());
        ObjectNode admin = root.putObject("admin");
        admin.put("bind", spec.admin().bind());
        if (spec.admin().token() != null) {
            admin.put("token", spec.admin().token());
        }
        ArrayNode nodes = root.putArray("nodes");
        for (NodeSpec n : spec.nodes()) {
            nodes.addObject().put("id", n.id()).put("host", n.host()).put("port", n.port()).put("admin-port", n.adminPort());
        }
        if (spec.leaderless() != null) {
            root.set("leaderless", spec.leaderless().deepCopy());
        }
        if (spec.raft() != null) {
            root.set("raft", spec.raft().deepCopy());
        }
        if (spec.singleLeader() != null) {
            root.set("single-leader", spec.singleLeader().deepCopy());
        }
        try {
            return ClusterSpecLoader.yamlMapper().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write cluster spec as YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes {@code spec} to {@code file} (creating its directory) and returns the file. */
    public static Path write(ClusterSpec spec, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toYaml(spec));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cluster config " + file, e);
        }
    }

    private static void putIfSet(ObjectNode node, String field, Integer value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
