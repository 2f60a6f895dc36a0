package io.gatewarden.daemon;

import io.gatewarden.alert.AlertContext;
import io.gatewarden.alert.ChainRungView;
import io.gatewarden.breaker.BreakerSnapshot;
import io.gatewarden.incident.Incident;

import java.util.ArrayList;
import java.util.List;

/** What alerts say about gatewarden's own actions and the breakers, from memory only (the journal's tail). */
final class DaemonAlertContext implements AlertContext {
    private final Daemon daemon;

    DaemonAlertContext(Daemon daemon) {
        this.daemon = daemon;
    }

    @Override
    public List<String> actionsFor(Incident incident) {
        return daemon.recentActionsFor(incident.id());
    }

    @Override
    public List<ChainRungView> chain() {
        String primary = daemon.switcher().map(s -> s.currentPrimary()).orElse(null);
        List<ChainRungView> out = new ArrayList<>();
        for (BreakerSnapshot b : daemon.breakers().snapshot()) {
            String model = b.model();
            int slash = model.indexOf('/');
            out.add(new ChainRungView(slash > 0 ? model.substring(0, slash) : null, slash > 0 ? model.substring(slash + 1) : model,
                    b.profile(), b.status().wireName(), model.equals(primary)));
        }
        return out;
    }
}
