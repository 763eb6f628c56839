package io.pangea.selector.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The operator's overrides, one per capability (etc/io.pangea.selector.cfg). A provider name wins over the
 * ranking while that provider is eligible; {@code auto} or no value leaves the choice to the ranking.
 */
@ObjectClassDefinition(name = "Pangea provider selection",
        description = "Operator overrides of the provider chosen for each capability; auto = by ranking")
@interface SelectorConfiguration {
    @AttributeDefinition(description = "Compression provider (zstd, none) or auto")
    String compression() default "auto";

    @AttributeDefinition(description = "Cipher provider or auto")
    String cipher() default "auto";

    @AttributeDefinition(description = "Erasure-code provider or auto")
    String erasure() default "auto";

    @AttributeDefinition(description = "Storage-engine provider or auto")
    String storage() default "auto";

    @AttributeDefinition(description = "Transport provider or auto")
    String transport() default "auto";

    @AttributeDefinition(description = "DHT provider or auto")
    String dht() default "auto";

    @AttributeDefinition(description = "Guard provider or auto")
    String guard() default "auto";

    @AttributeDefinition(description = "Conntrack provider or auto")
    String conntrack() default "auto";
}
