// Every test file sees the application's strings, as the server does: the composition root
// registers the modules' catalogues with the platform's translator.
import '../src/modules.js';
