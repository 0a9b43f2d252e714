/*
 * Territory autocomplete: the WAI-ARIA 1.2 "combobox with listbox popup" pattern
 * (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/), as progressive enhancement
 * of a plain text input rendered by territoires.forms.TerritoireField. Without this
 * script the input still works: the server resolves what was typed.
 *
 * Keyboard: ↓/↑ move through the suggestions (and open them), Alt+↓ opens them,
 * Entrée chooses, Échap closes (a second Échap clears the input), Tab leaves.
 * Several territories (data-territoires-multiple): chosen ones become buttons that
 * remove them; the original input, now hidden, holds their labels separated by ";".
 */
(function () {
  "use strict";

  var MINIMUM = 2;
  var DELAI_MS = 200;
  var SEPARATEUR = " ; ";
  var compteur = 0;

  function element(nom, attributs, texte) {
    var noeud = document.createElement(nom);
    Object.keys(attributs || {}).forEach(function (cle) {
      noeud.setAttribute(cle, attributs[cle]);
    });
    if (texte) {
      noeud.textContent = texte;
    }
    return noeud;
  }

  function Combobox(champ) {
    compteur += 1;
    this.prefixe = "territoires-" + compteur;
    this.url = champ.dataset.territoiresUrl;
    this.niveaux = (champ.dataset.territoiresNiveaux || "").split(",").filter(Boolean);
    this.multiple = champ.dataset.territoiresMultiple === "true";
    this.suggestions = [];
    this.active = -1;
    this.minuterie = null;
    this.requete = null;

    if (this.multiple) {
      // The original input keeps the name and is submitted; a new one is typed in.
      this.valeur = champ;
      this.input = champ.cloneNode(false);
      this.input.removeAttribute("name");
      this.input.removeAttribute("data-territoires-url");
      this.input.value = "";
      champ.id = champ.id + "-valeur";
      champ.type = "hidden";
      champ.removeAttribute("aria-describedby");
      champ.removeAttribute("aria-invalid");
    } else {
      this.input = champ;
    }
    this.construire(champ);
  }

  Combobox.prototype.construire = function (champ) {
    var self = this;
    var input = this.input;
    var conteneur = element("div", { class: "territoires-combobox" });
    champ.parentNode.insertBefore(conteneur, champ);
    conteneur.appendChild(input);
    if (this.multiple) {
      conteneur.appendChild(this.valeur);
    }

    this.liste = element("ul", {
      id: this.prefixe + "-liste",
      role: "listbox",
      class: "territoires-combobox__liste",
      "aria-label": "Territoires suggérés",
    });
    this.liste.hidden = true;
    conteneur.appendChild(this.liste);

    var consigne = element(
      "p",
      { id: this.prefixe + "-consigne", class: "fr-sr-only" },
      "Saisissez au moins deux caractères, parcourez les suggestions avec les flèches " +
        "haut et bas, puis validez avec Entrée."
    );
    this.statut = element("div", { role: "status", "aria-live": "polite", class: "fr-sr-only" });
    conteneur.appendChild(consigne);
    conteneur.appendChild(this.statut);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.liste.id);
    var decrit = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    decrit.push(consigne.id);
    input.setAttribute("aria-describedby", decrit.join(" "));

    if (this.multiple) {
      this.selection = element("ul", {
        class: "fr-tags-group territoires-combobox__selection",
        "aria-label": "Territoires choisis",
      });
      conteneur.appendChild(this.selection);
      this.libelles().forEach(function (libelle) {
        self.ajouterEtiquette(libelle);
      });
      if (input.form) {
        input.form.addEventListener("submit", function () {
          // Text typed but not chosen is sent too: the server resolves or explains.
          if (input.value.trim()) {
            self.ecrireLibelles(self.libelles().concat([input.value.trim()]));
          }
        });
      }
    }

    input.addEventListener("input", function () {
      self.programmer();
    });
    input.addEventListener("keydown", function (evenement) {
      self.clavier(evenement);
    });
    input.addEventListener("blur", function () {
      self.fermer();
    });
    // mousedown, not click: the input must not lose focus before the choice.
    this.liste.addEventListener("mousedown", function (evenement) {
      var option = evenement.target.closest("[role=option]");
      if (option) {
        evenement.preventDefault();
        self.choisir(Number(option.dataset.index));
      }
    });
  };

  Combobox.prototype.libelles = function () {
    return this.valeur.value
      .split(";")
      .map(function (libelle) {
        return libelle.trim();
      })
      .filter(Boolean);
  };

  Combobox.prototype.ecrireLibelles = function (libelles) {
    this.valeur.value = libelles.join(SEPARATEUR);
  };

  Combobox.prototype.ajouterEtiquette = function (libelle) {
    var self = this;
    var item = element("li");
    var bouton = element(
      "button",
      { type: "button", class: "fr-tag fr-tag--dismiss", "aria-label": "Retirer " + libelle },
      libelle
    );
    bouton.addEventListener("click", function () {
      self.ecrireLibelles(
        self.libelles().filter(function (autre) {
          return autre !== libelle;
        })
      );
      item.remove();
      self.annoncer(libelle + " retiré.");
      self.input.focus();
    });
    item.appendChild(bouton);
    this.selection.appendChild(item);
  };

  Combobox.prototype.programmer = function () {
    var self = this;
    window.clearTimeout(this.minuterie);
    this.minuterie = window.setTimeout(function () {
      self.chercher();
    }, DELAI_MS);
  };

  Combobox.prototype.chercher = function () {
    var self = this;
    var texte = this.input.value.trim();
    if (this.requete) {
      this.requete.abort();
    }
    if (texte.length < MINIMUM) {
      this.afficher([]);
      return;
    }
    var parametres = new URLSearchParams({ q: texte });
    this.niveaux.forEach(function (niveau) {
      parametres.append("niveau", niveau);
    });
    this.requete = new AbortController();
    fetch(this.url + "?" + parametres.toString(), {
      headers: { Accept: "application/json" },
      signal: this.requete.signal,
    })
      .then(function (reponse) {
        if (!reponse.ok) {
          throw new Error(reponse.status);
        }
        return reponse.json();
      })
      .then(function (donnees) {
        self.afficher(donnees.resultats);
        self.annoncer(
          donnees.resultats.length
            ? donnees.resultats.length +
                (donnees.resultats.length > 1 ? " territoires suggérés." : " territoire suggéré.")
            : "Aucun territoire ne correspond."
        );
      })
      .catch(function (erreur) {
        if (erreur.name !== "AbortError") {
          self.afficher([]);
          self.annoncer("Les suggestions sont indisponibles\u00a0: saisissez un nom ou un code.");
        }
      });
  };

  Combobox.prototype.afficher = function (suggestions) {
    var self = this;
    this.suggestions = suggestions;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.liste.replaceChildren();
    suggestions.forEach(function (suggestion, index) {
      var option = element("li", {
        id: self.prefixe + "-option-" + index,
        role: "option",
        class: "territoires-combobox__option",
        "aria-selected": "false",
        "data-index": String(index),
      });
      option.appendChild(document.createTextNode(suggestion.nom + " "));
      var detail = [suggestion.niveau, suggestion.code];
      if (suggestion.contexte) {
        detail.push(suggestion.contexte);
      }
      option.appendChild(
        element("span", { class: "territoires-combobox__detail" }, detail.join(" · "))
      );
      self.liste.appendChild(option);
    });
    if (suggestions.length && document.activeElement === this.input) {
      this.ouvrir();
    } else {
      this.fermer();
    }
  };

  Combobox.prototype.ouvrir = function () {
    if (this.suggestions.length) {
      this.liste.hidden = false;
      this.input.setAttribute("aria-expanded", "true");
    }
  };

  Combobox.prototype.fermer = function () {
    this.liste.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.activer(-1);
  };

  Combobox.prototype.estOuvert = function () {
    return !this.liste.hidden;
  };

  Combobox.prototype.activer = function (index) {
    var options = this.liste.querySelectorAll("[role=option]");
    options.forEach(function (option) {
      option.setAttribute("aria-selected", "false");
    });
    this.active = index;
    if (index < 0 || !options[index]) {
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    options[index].setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  };

  Combobox.prototype.deplacer = function (pas) {
    var total = this.suggestions.length;
    if (!total) {
      return;
    }
    if (!this.estOuvert()) {
      this.ouvrir();
      this.activer(pas > 0 ? 0 : total - 1);
      return;
    }
    var suivant = this.active + pas;
    if (suivant >= total) {
      suivant = 0;
    } else if (suivant < 0) {
      suivant = total - 1;
    }
    this.activer(suivant);
  };

  Combobox.prototype.clavier = function (evenement) {
    switch (evenement.key) {
      case "ArrowDown":
        evenement.preventDefault();
        if (evenement.altKey) {
          this.ouvrir();
        } else {
          this.deplacer(1);
        }
        break;
      case "ArrowUp":
        evenement.preventDefault();
        this.deplacer(-1);
        break;
      case "Enter":
        if (this.estOuvert() && this.active >= 0) {
          evenement.preventDefault();
          this.choisir(this.active);
        }
        break;
      case "Escape":
        if (this.estOuvert()) {
          evenement.preventDefault();
          this.fermer();
        } else if (this.input.value) {
          evenement.preventDefault();
          this.input.value = "";
          this.afficher([]);
        }
        break;
      case "Tab":
        this.fermer();
        break;
      default:
        break;
    }
  };

  Combobox.prototype.choisir = function (index) {
    var suggestion = this.suggestions[index];
    if (!suggestion) {
      return;
    }
    if (this.multiple) {
      var libelles = this.libelles();
      if (libelles.indexOf(suggestion.libelle) < 0) {
        this.ecrireLibelles(libelles.concat([suggestion.libelle]));
        this.ajouterEtiquette(suggestion.libelle);
      }
      this.input.value = "";
    } else {
      this.input.value = suggestion.libelle;
    }
    this.suggestions = [];
    this.fermer();
    this.annoncer(suggestion.libelle + " choisi.");
  };

  Combobox.prototype.annoncer = function (message) {
    this.statut.textContent = message;
  };

  function initialiser(racine) {
    (racine || document)
      .querySelectorAll("input[data-territoires-url]:not([data-territoires-pret])")
      .forEach(function (champ) {
        champ.setAttribute("data-territoires-pret", "true");
        new Combobox(champ);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      initialiser();
    });
  } else {
    initialiser();
  }
  window.territoiresAutocompletion = { initialiser: initialiser };
})();
