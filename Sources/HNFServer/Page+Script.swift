/// The page's one script, served as `/app.js` (the Content-Security-Policy allows no
/// inline script). It sends the changed levers to `/api/v1/run`, puts the answer's
/// results in the page, shows the validator's message beside a value it refuses, and
/// keeps the changed values in the URL so a link reopens the same what-if.
extension Page {
    static let script = #"""
        "use strict";
        (function () {
          const form = document.getElementById("levers");
          const results = document.getElementById("results");
          const status = document.getElementById("status");
          const problemsBox = document.getElementById("problems");
          const quickDraws = Number(document.body.dataset.draws);
          const fullDraws = Number(document.body.dataset.maxDraws);
          const inputs = Array.from(form.querySelectorAll("input[name]"));
          const locality = document.getElementById("locality");
          const year = document.getElementById("year");
          const meter = document.getElementById("meter");
          let draws = quickDraws, timer = null, sequence = 0, ticket = null;

          function changes() {
            return inputs.filter(i => i.value.trim() !== i.dataset.initial)
              .map(i => ({ path: i.name, value: i.value.trim() }));
          }

          function request() {
            const body = { set: changes(), draws: draws };
            if (ticket) body.ticket = ticket;
            if (locality && locality.value) { body.locality = locality.value; body.year = Number(year.value); }
            return JSON.stringify(body);
          }

          function remember() {
            const query = new URLSearchParams();
            for (const c of changes()) query.append(c.path, c.value);
            if (draws !== quickDraws) query.set("draws", String(draws));
            if (locality && locality.value) { query.set("locality", locality.value); query.set("year", year.value); }
            const text = query.toString();
            history.replaceState(null, "", text ? "?" + text : location.pathname);
          }

          function restore() {
            const query = new URLSearchParams(location.search);
            for (const [key, value] of query) {
              if (key === "draws") { draws = Number(value) || quickDraws; continue; }
              if (key === "locality" && locality) { locality.value = value; continue; }
              if (key === "year" && year) { year.value = value; continue; }
              const input = inputs.find(i => i.name === key);
              if (input) input.value = value;
            }
          }

          function clearProblems() {
            problemsBox.hidden = true;
            problemsBox.textContent = "";
            for (const i of inputs) {
              i.removeAttribute("aria-invalid");
              const error = document.getElementById(i.id + "-error");
              error.hidden = true;
              error.textContent = "";
            }
          }

          function showProblems(problems) {
            const general = [];
            for (const p of problems) {
              const words = (p.key_path ? p.key_path + ": " : "") + "found " + p.found + "; expected " + p.expected;
              const input = inputs.find(i => i.name === p.key_path || p.key_path.startsWith(i.name + "."));
              if (input) {
                input.setAttribute("aria-invalid", "true");
                const error = document.getElementById(input.id + "-error");
                error.textContent = words;
                error.hidden = false;
                input.closest("details.group").open = true;
              } else {
                general.push(words);
              }
            }
            if (general.length) {
              problemsBox.textContent = "Not run: " + general.join(" ");
              problemsBox.hidden = false;
            }
          }

          // A long run (the full draws) shows how far it has got, asked for every half second.
          function watch(mine) {
            const words = "Running " + draws.toLocaleString("en-GB") + " draws";
            ticket = draws > quickDraws ? "run-" + Date.now().toString(36) + "-" + mine : null;
            meter.hidden = !ticket;
            meter.value = 0;
            if (!ticket) return null;
            const mineTicket = ticket;
            return setInterval(async () => {
              try {
                const p = await (await fetch("/api/v1/progress?ticket=" + mineTicket)).json();
                if (mine !== sequence || !p.running || p.total === 0) return;
                meter.value = p.done / p.total;
                status.textContent = words + ": " + Math.round(100 * p.done / p.total) + "% done…";
              } catch (error) { /* the run's own answer reports a server that went away */ }
            }, 500);
          }

          async function run() {
            const mine = ++sequence;
            remember();
            results.setAttribute("aria-busy", "true");
            status.textContent = "Running " + draws.toLocaleString("en-GB") + " draws…";
            const poll = watch(mine);
            let response, body;
            try {
              response = await fetch("/api/v1/run", {
                method: "POST", headers: { "Content-Type": "application/json" }, body: request()
              });
              body = await response.json();
            } catch (error) {
              if (mine === sequence) {
                status.textContent = "The server did not answer: " + error;
                results.setAttribute("aria-busy", "false");
                meter.hidden = true;
              }
              return;
            }
            finally { if (poll) clearInterval(poll); }
            if (mine !== sequence) return;
            meter.hidden = true;
            ticket = null;
            clearProblems();
            results.setAttribute("aria-busy", "false");
            if (response.ok) {
              results.innerHTML = body.html;
              const changed = changes().length;
              status.textContent = "Ran " + body.draws.toLocaleString("en-GB") + " draws in " + body.seconds.toFixed(2) +
                " s with " + (changed === 0 ? "no change" : changed + " value" + (changed === 1 ? "" : "s") + " changed") + ".";
            } else if (response.status === 429) {
              status.textContent = "The server is busy; trying again in a moment.";
              setTimeout(run, 2000);
            } else {
              status.textContent = "Not run: a value needs correcting.";
              showProblems(body.problems || []);
            }
          }

          function later() {
            // A change after the full run goes back to the quick estimate.
            draws = quickDraws;
            clearTimeout(timer);
            timer = setTimeout(run, 300);
          }

          async function download(path, name) {
            status.textContent = "Preparing " + name + "…";
            let response, blob;
            try {
              response = await fetch(path, {
                method: "POST", headers: { "Content-Type": "application/json" }, body: request()
              });
              if (response.status === 429) { status.textContent = "The server is busy; try again in a moment."; return; }
              if (!response.ok) {
                const body = await response.json();
                status.textContent = "Not prepared: a value needs correcting.";
                showProblems(body.problems || []);
                return;
              }
              blob = await response.blob();
            } catch (error) {
              status.textContent = "The server did not answer: " + error;
              return;
            }
            save(blob, name);
            status.textContent = "Downloaded " + name + ".";
          }

          function save(blob, name) {
            const link = document.createElement("a");
            link.href = URL.createObjectURL(blob);
            link.download = name;
            document.body.appendChild(link);
            link.click();
            link.remove();
            setTimeout(() => URL.revokeObjectURL(link.href), 1000);
          }

          function overlay() {
            const lines = ["# Made with hnf serve: " + document.title,
              "# On top of: hnf run " + document.body.dataset.files + " what-if.yaml", "overlay: hnf.overlay.v1",
              "name: What-if from hnf serve", changes().length === 0 ? "set: {}" : "set:"];
            for (const c of changes()) lines.push("  " + JSON.stringify(c.path) + ": " + c.value);
            return lines.join("\n") + "\n";
          }

          form.addEventListener("input", later);
          form.addEventListener("submit", event => { event.preventDefault(); run(); });
          document.getElementById("full").addEventListener("click", () => { draws = fullDraws; run(); });
          document.getElementById("reset").addEventListener("click", () => {
            for (const i of inputs) i.value = i.dataset.initial;
            if (locality) { locality.value = ""; year.value = year.dataset.initial; }
            draws = quickDraws;
            run();
          });
          document.getElementById("get-overlay").addEventListener("click", () =>
            save(new Blob([overlay()], { type: "application/yaml" }), "what-if.yaml"));
          document.getElementById("get-report").addEventListener("click", () =>
            download("/api/v1/report", "hnf-report.html"));
          document.getElementById("get-workbook").addEventListener("click", () =>
            download("/api/v1/workbook", "hnf-what-if.xlsx"));
          restore();
          run();
        })();

        """#
}
