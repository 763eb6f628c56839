package io.pangea.shell.internal;

import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRuleBook;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.io.PrintStream;

@Service
@Command(scope = "guard", name = "mode", description = "Sets what happens to sources no rule names: allow-list "
        + "drops them, deny-list lets them pass. Kept in etc/io.pangea.guard.rules.cfg and applied to every guard.")
public class GuardModeCommand implements Action {

    @Reference(optional = true)
    GuardRuleBook rules;

    @Argument(index = 0, name = "mode", required = true, description = "allow-list or deny-list")
    String mode;

    /** Where the result goes; the session's output when not set. */
    PrintStream out;

    @Override
    public Object execute() {
        GuardMode parsed = GuardSupport.mode(mode);
        GuardSupport.require(rules).setMode(parsed);
        (out != null ? out : System.out).println("guard mode: " + GuardSupport.name(parsed));
        return null;
    }
}
