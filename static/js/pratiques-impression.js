/* The "Imprimer" button of a fiche: shown only when JavaScript can print. */
(function () {
  "use strict";
  document.querySelectorAll("[data-imprimer]").forEach(function (bouton) {
    bouton.hidden = false;
    bouton.addEventListener("click", function () {
      window.print();
    });
  });
})();
