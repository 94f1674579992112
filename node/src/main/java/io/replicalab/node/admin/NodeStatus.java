package io.replicalab.node.admin;

import io.replicalab.api.LinkFault;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /status} of a node's admin endpoint answers.
 *
 * @param details backend-specific facts (role, term, epoch, log position, ...)
 */
public record NodeStatus(
        String nodeId,
        String backend,
        long pid,
        long uptimeMillis,
        long clockOffsetMillis,
        String storage,
        List<LinkFault> linkFaults,
        Map<String, Object> details) {
}
