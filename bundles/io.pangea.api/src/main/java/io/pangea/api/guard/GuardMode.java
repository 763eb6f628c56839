package io.pangea.api.guard;

/** What happens to a source that no rule names. */
public enum GuardMode {
    /** Unknown sources pass; denied ones are dropped. */
    DENY_LIST,
    /** Only allowed sources pass to the node's ports. */
    ALLOW_LIST
}
