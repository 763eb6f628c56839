package io.pangea.objects.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The object store of the node (etc/io.pangea.objects.cfg). */
@ObjectClassDefinition(name = "Pangea objects",
        description = "Put and get of files: segments, shards, manifest and the keyring")
@interface ObjectsConfiguration {
    @AttributeDefinition(description = "Where objects and the keyring are kept; empty for ${karaf.data}/pangea")
    String dataDirectory() default "";

    @AttributeDefinition(description = "K: data shards per segment")
    int dataShards() default 10;

    @AttributeDefinition(description = "M: parity shards per segment (any M shards of a segment may be lost)")
    int parityShards() default 4;

    @AttributeDefinition(description = "Segment size in bytes; 0 = from the memory the node can use "
            + "(100 MiB above 16 GiB, 10 MiB above 4 GiB, else 64 KiB)")
    int segmentSize() default 0;

    @AttributeDefinition(description = "Segments worked on at once; 0 = from the memory and the cores")
    int segmentsInFlight() default 0;

    @AttributeDefinition(description = "Threads for compression, encryption and erasure coding; 0 = one per core")
    int cpuThreads() default 0;
}
