package io.replicalab.raft;

import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/** The one Raft group of a cluster: every configured node, with a group id derived from the cluster name. */
final class RaftGroups {
    private RaftGroups() {
    }

    static RaftGroupId groupId(ClusterSpec spec) {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("replicalab-raft:" + spec.name()).getBytes(StandardCharsets.UTF_8)));
    }

    static RaftPeer peer(NodeSpec n) {
        return RaftPeer.newBuilder().setId(n.id()).setAddress(n.host() + ":" + n.port()).build();
    }

    static RaftGroup group(ClusterSpec spec) {
        return group(spec, spec.nodes());
    }

    static RaftGroup group(ClusterSpec spec, List<NodeSpec> nodes) {
        return RaftGroup.valueOf(groupId(spec), nodes.stream().map(RaftGroups::peer).toList());
    }

    static RaftPeerId peerId(String nodeId) {
        return RaftPeerId.valueOf(nodeId);
    }
}
