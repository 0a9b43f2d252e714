/*
 * The fiche form, as progressive enhancement (everything works without it):
 * - the error summary gets the focus when the page comes back with errors;
 * - "Ajouter des lignes" adds one empty row in place instead of posting the form.
 */
(function () {
  "use strict";

  function focaliserErreurs() {
    var resume = document.getElementById("resume-erreurs");
    if (resume) {
      resume.focus();
    }
  }

  function initialiserLignes(bloc) {
    var bouton = bloc.querySelector("[data-lignes-ajouter]");
    var modele = bloc.querySelector("template[data-lignes-modele]");
    var conteneur = bloc.querySelector("[data-lignes-conteneur]");
    var annonce = bloc.querySelector("[data-lignes-annonce]");
    var prefixe = bloc.getAttribute("data-lignes");
    var total = bloc.querySelector("input[name='" + prefixe + "-TOTAL_FORMS']");
    var maximum = bloc.querySelector("input[name='" + prefixe + "-MAX_NUM_FORMS']");
    if (!bouton || !modele || !conteneur || !total) {
      return;
    }
    bouton.firstChild.textContent = "Ajouter une ligne ";
    bouton.addEventListener("click", function (evenement) {
      var rang = Number(total.value);
      if (maximum && rang >= Number(maximum.value)) {
        return; // let the server explain
      }
      evenement.preventDefault();
      var html = modele.innerHTML
        .replace(/__prefix__/g, String(rang))
        .replace(/__numero__/g, String(rang + 1));
      var gabarit = document.createElement("template");
      gabarit.innerHTML = html.trim();
      var ligne = gabarit.content.firstElementChild;
      conteneur.appendChild(ligne);
      total.value = String(rang + 1);
      var premier = ligne.querySelector("input, select, textarea");
      if (premier) {
        premier.focus();
      }
      if (annonce) {
        annonce.textContent =
          "Ligne ajoutée\u00a0: " +
          bloc.getAttribute("data-lignes-libelle").toLowerCase() +
          " " +
          (rang + 1) +
          ".";
      }
    });
  }

  function initialiser() {
    focaliserErreurs();
    document.querySelectorAll("[data-lignes]").forEach(initialiserLignes);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initialiser);
  } else {
    initialiser();
  }
})();
