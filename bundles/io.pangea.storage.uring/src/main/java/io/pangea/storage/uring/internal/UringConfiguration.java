package io.pangea.storage.uring.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Size of the io_uring storage engine's ring (etc/io.pangea.storage.uring.cfg). */
@ObjectClassDefinition(name = "Pangea storage engine: io_uring",
        description = "Shard files through one io_uring (liburing); preferred where io_uring is usable")
@interface UringConfiguration {
    @AttributeDefinition(description = "Submission queue entries (1 to 32768); the completion queue is four times "
            + "as large and twice as many operations may be in flight before callers block")
    int entries() default UringStorageEngine.DEFAULT_ENTRIES;
}
