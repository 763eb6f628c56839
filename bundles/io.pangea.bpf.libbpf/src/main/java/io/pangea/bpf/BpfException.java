package io.pangea.bpf;

/** A libbpf or kernel failure: what was attempted, errno and its text, and for a failed load libbpf's log. */
public class BpfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public BpfException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The error number the kernel or libbpf reported (for example 1 for EPERM), 0 when there was none. */
    public int errno() {
        return errno;
    }
}
