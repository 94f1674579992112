package io.replicalab.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeDataDirTest {
    @TempDir
    Path root;

    @Test
    void secondOpenOfTheSameDirIsRefusedUntilTheFirstCloses() {
        Path dir = root.resolve("n1");
        try (NodeDataDir first = NodeDataDir.open(dir, "c", "n1")) {
            NodeStartException e = assertThrows(NodeStartException.class, () -> NodeDataDir.open(dir, "c", "n1"));
            assertTrue(e.getMessage().contains("is in use by another node or process"), e.getMessage());
        }
        NodeDataDir.open(dir, "c", "n1").close();
    }

    @Test
    void aDirClaimedByAnotherNodeIsRefused() {
        Path dir = root.resolve("shared");
        NodeDataDir.open(dir, "c", "n1").close();
        NodeStartException e = assertThrows(NodeStartException.class, () -> NodeDataDir.open(dir, "c", "n2"));
        assertTrue(e.getMessage().contains("belongs to cluster=c node=n1, not to cluster=c node=n2"), e.getMessage());
    }

    @Test
    void wipeRemovesEverything() throws Exception {
        Path dir = root.resolve("n1");
        try (NodeDataDir d = NodeDataDir.open(dir, "c", "n1")) {
            Files.createDirectories(d.subdir("kv"));
            Files.writeString(d.subdir("kv").resolve("x"), "data");
        }
        NodeDataDir.wipe(dir);
        assertFalse(Files.exists(dir));
        NodeDataDir.wipe(dir); // idempotent
    }
}
