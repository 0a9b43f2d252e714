// Import page (templates/imports/detail.html): while the import runs, poll its status
// and update the progress bar; reload the page once it is done, to show the results.
// Without JavaScript, the page reloads itself (<noscript> meta refresh).
(function () {
  "use strict";
  var bloc = document.getElementById("progression-import");
  if (!bloc || bloc.dataset.actif !== "oui") {
    return;
  }
  var barre = document.getElementById("barre-import");
  var etat = document.getElementById("etat-import");
  var adresse = bloc.dataset.etatUrl;

  function texte(donnees) {
    var phrase = "État\u00a0: " + donnees.etat_libelle;
    if (donnees.lignes_total) {
      phrase += " — " + donnees.dernier_rang_traite + " ligne(s) traitée(s) sur " + donnees.lignes_total;
    }
    return phrase + ".";
  }

  function interroger() {
    fetch(adresse, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (reponse) {
        return reponse.ok ? reponse.json() : null;
      })
      .then(function (donnees) {
        if (!donnees) {
          window.setTimeout(interroger, 5000);
          return;
        }
        if (barre) {
          barre.value = donnees.pourcentage;
          barre.textContent = donnees.pourcentage + "\u00a0%";
        }
        if (!donnees.actif) {
          window.location.reload();
          return;
        }
        etat.textContent = texte(donnees);
        window.setTimeout(interroger, 1500);
      })
      .catch(function () {
        window.setTimeout(interroger, 5000);
      });
  }

  window.setTimeout(interroger, 1000);
})();
