/**
 * The {@code pangea} scope of the Karaf shell: {@code pangea:caps}, {@code pangea:providers} and
 * {@code pangea:select}, with completers for capability, provider and fact names; and the object commands
 * {@code pangea:put}, {@code pangea:get}, {@code pangea:ls} and {@code pangea:verify} over the
 * {@link io.pangea.api.objects.ObjectStore}, which print the progress of long work to the session's error stream
 * (rewriting one line on an interactive terminal) and their result to its output.
 * <p>
 * These are Karaf actions, not DS components: Karaf's extender finds the {@code @Service} classes of this
 * package through the bundle's {@code Karaf-Commands} header and injects the Karaf {@code @Reference} fields.
 * The references are optional so that every command of the scope stays registered when the probe or the
 * selector is missing; a command that needs the absent service says so. Each action only calls the API
 * services and formats what they return; operator mistakes surface as {@link java.lang.IllegalArgumentException}
 * with a message, which Karaf prints without a stack trace and turns into a failing exit status.
 */
package io.pangea.shell.internal;
