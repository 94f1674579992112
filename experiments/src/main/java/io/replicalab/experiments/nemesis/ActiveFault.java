package io.replicalab.experiments.nemesis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.experiments.spec.FaultStep;
import java.util.List;

/**
 * A fault in force: what the nemesis did (its history description) and how to undo it.
 *
 * @param id the id shared by the fault's start and stop lines
 * @param description the nemesis line's value: id, fault, nodes and details
 */
record ActiveFault(int id, FaultStep step, List<String> nodes, ObjectNode description, Runnable undo) {
}
