package io.pangea.api.guard;

/** Packets to the node's ports since the guard started enforcing. */
public record GuardCounters(long passed, long droppedDenied, long droppedUnknown, long droppedRate) {
}
