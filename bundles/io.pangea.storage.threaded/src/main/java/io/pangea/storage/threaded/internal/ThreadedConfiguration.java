package io.pangea.storage.threaded.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Sizes of the threaded storage engine (etc/io.pangea.storage.threaded.cfg). */
@ObjectClassDefinition(name = "Pangea storage engine: threaded",
        description = "FileChannel on a bounded thread pool; the fallback storage engine")
@interface ThreadedConfiguration {
    @AttributeDefinition(description = "Worker threads; 0 = four per core, at least 4 and at most 64")
    int threads() default 0;

    @AttributeDefinition(description = "Operations that may wait for a worker; a caller submitting more blocks "
            + "until one finishes (back-pressure)")
    int queueCapacity() default 1024;
}
