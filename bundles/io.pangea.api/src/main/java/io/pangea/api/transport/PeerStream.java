package io.pangea.api.transport;

import org.osgi.annotation.versioning.ProviderType;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/** One bidirectional stream; writes respect the transport's flow control by completing when accepted. */
@ProviderType
public interface PeerStream extends AutoCloseable {

    String protocol();

    /** Sends the remaining bytes; completes when the transport has taken them. */
    CompletionStage<Void> write(ByteBuffer data);

    /** Completes with the next bytes received, or an empty buffer once the remote closed its side. */
    CompletionStage<ByteBuffer> read();

    /** Closes this side for writing; reading goes on. */
    void closeWrite();

    /** Aborts both directions. */
    @Override
    void close();
}
