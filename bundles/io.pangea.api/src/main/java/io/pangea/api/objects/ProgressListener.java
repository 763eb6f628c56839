package io.pangea.api.objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told how far a long operation is. Called from one thread at a time, possibly often (once per segment): a
 * listener that prints should throttle itself.
 */
@ConsumerType
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (phase, done, total) -> {
    };

    /** What the operation is doing; a put first hashes the file, then stores it. */
    enum Phase {
        HASHING("hashing"), STORING("storing"), READING("reading"), VERIFYING("verifying");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        /** The word a command prints. */
        public String label() {
            return label;
        }
    }

    /**
     * @param done  bytes of the file done so far in this phase, never decreasing within it
     * @param total bytes of the file
     */
    void progress(Phase phase, long done, long total);
}
