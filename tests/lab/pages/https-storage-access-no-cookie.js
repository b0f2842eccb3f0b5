// https-storage-access-inactive, changed as its comment says for `-no-cookie`.
import './https-storage-access-inactive.js';
